namespace Lockstep.Bench;

/// <summary>Finds models/ from the benchmark binary.</summary>
internal static class Paths
{
    private static readonly string Root = FindRoot();

    public static string Example(string name) => Path.Combine(Root, "models", "examples", name);
    public static string Linux(string relative) => Path.Combine(Root, "models", "linux", relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lockstep.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (Lockstep.slnx) not found");
    }
}
