namespace Lockstep.Testing;

/// <summary>
/// The repository's folders, found from a test or benchmark binary: the one place that looks for the root (the folder
/// holding Lockstep.slnx). Linked into each test project and the benchmarks.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Models => Path.Combine(Root, "models");
    /// <summary>The headers every model includes (<c>&lt;lockstep/kernel.h&gt;</c>, <c>&lt;linux/...&gt;</c>).</summary>
    public static string Include => Path.Combine(Root, "models", "include");
    public static string Example(string name) => Path.Combine(Root, "models", "examples", name);
    public static string Linux(string relative) => Path.Combine(Root, "models", "linux", relative);
    public static string Source => Path.Combine(Root, "src");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lockstep.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (Lockstep.slnx) not found above " + AppContext.BaseDirectory);
    }
}
