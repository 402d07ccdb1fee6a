namespace Lockstep.Language.Text;

/// <summary>Files held in memory by normalised path ("dir/a.h"); falls back to <see cref="Fallback"/> when set.</summary>
public sealed class InMemoryFileProvider : ISourceFileProvider
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public InMemoryFileProvider(IEnumerable<KeyValuePair<string, string>>? files = null, ISourceFileProvider? fallback = null)
    {
        Fallback = fallback;
        if (files is not null)
            foreach (var (path, text) in files) Add(path, text);
    }

    public ISourceFileProvider? Fallback { get; }

    public InMemoryFileProvider Add(string path, string text)
    {
        _files[Normalize(path)] = text;
        return this;
    }

    public bool Exists(string path) => _files.ContainsKey(Normalize(path)) || (Fallback?.Exists(path) ?? false);

    public string ReadAllText(string path) =>
        _files.TryGetValue(Normalize(path), out var text) ? text
        : Fallback is not null ? Fallback.ReadAllText(path)
        : throw new FileNotFoundException(path);

    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") { parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return path.StartsWith('/') ? "/" + joined : joined;
    }
}
