namespace Lockstep.Language.Text;

/// <summary>Every source file read during one compilation, by the path the compiler uses for it.</summary>
public sealed class SourceFiles
{
    private readonly Dictionary<string, SourceText> _files = new(StringComparer.Ordinal);

    public void Add(SourceText text) => _files[text.Path] = text;

    public SourceText? Get(string path) => _files.TryGetValue(path, out var t) ? t : null;

    public string LineText(SourceLocation location) => Get(location.File)?.Line(location.Line) ?? "";
}
