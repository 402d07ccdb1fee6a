using Lockstep.Testing;

namespace Lockstep.Models.Tests;

/// <summary>Model files of the repository, and lines in model files by their text.</summary>
internal static class ModelPaths
{
    public static string Root => RepositoryPaths.Root;

    public static string Example(string name) => RepositoryPaths.Example(name);
    public static string Linux(string relative) => RepositoryPaths.Linux(relative);

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
}
