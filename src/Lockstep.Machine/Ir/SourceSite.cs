namespace Lockstep.Machine.Ir;

/// <summary>Where an instruction came from: file, 1-based line and column, the enclosing function, and the source line's text (trimmed) for traces.</summary>
public sealed record SourceSite(string File, int Line, int Column, string Function, string Text)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
