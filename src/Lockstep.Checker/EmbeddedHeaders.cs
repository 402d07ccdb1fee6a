using System.Reflection;
using Lockstep.Reports;

namespace Lockstep.Checker;

/// <summary>
/// The model headers embedded in this assembly, unpacked into a folder of the user's cache that is named by the tool
/// version ($XDG_CACHE_HOME/lockstep/include-VERSION, else ~/.cache/..., else the temporary folder), so the library
/// works from a NuGet package with nothing copied beside it. Each file is written whole (<see cref="OutputFile"/>), so
/// concurrent first uses do not see half a header.
/// </summary>
internal static class EmbeddedHeaders
{
    private const string Prefix = "include/";

    public static string Unpack()
    {
        var assembly = typeof(EmbeddedHeaders).Assembly;
        foreach (var root in CacheRoots())
        {
            var folder = Path.Combine(root, "lockstep", "include-" + ToolInfo.Version);
            try
            {
                foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
                {
                    var text = Read(assembly, name);
                    var path = Path.Combine(folder, name[Prefix.Length..].Replace('\\', '/'));
                    if (File.Exists(path) && File.ReadAllText(path) == text) continue;
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    OutputFile.WriteAllText(path, text);
                }
                return folder;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not writable here: try the next place.
            }
        }
        throw new IOException("cannot unpack the model headers into a cache folder (set XDG_CACHE_HOME to a writable folder)");
    }

    private static IEnumerable<string> CacheRoots()
    {
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) yield return xdg;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0) yield return Path.Combine(home, ".cache");
        yield return Path.GetTempPath();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
