namespace Lockstep.Models.Tests;

/// <summary>Finds the repository's models/ directory from the test binary, and lines in model files by their text.</summary>
internal static class ModelPaths
{
    public static string Root { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(Root, "models", "examples", name);
    public static string Linux(string relative) => Path.Combine(Root, "models", "linux", relative);

    /// <summary>The 1-based line of the first line of <paramref name="file"/> containing <paramref name="text"/> (after <paramref name="after"/>, if given).</summary>
    public static int LineOf(string file, string text, string? after = null)
    {
        var lines = File.ReadAllLines(file);
        var start = 0;
        if (after is not null)
            start = Array.FindIndex(lines, l => l.Contains(after, StringComparison.Ordinal));
        for (var i = Math.Max(start, 0); i < lines.Length; i++)
            if (lines[i].Contains(text, StringComparison.Ordinal)) return i + 1;
        throw new InvalidOperationException($"'{text}' not found in {file}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lockstep.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Lockstep.slnx) not found above " + AppContext.BaseDirectory);
    }
}
