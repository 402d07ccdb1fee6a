namespace Lockstep.Language.Text;

/// <summary>A position in a source file: file name as the compiler knows it, 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static readonly SourceLocation None = new("<unknown>", 0, 0);
    public override string ToString() => $"{File}:{Line}:{Column}";
}
