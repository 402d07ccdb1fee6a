using Lockstep.Cli;
using Lockstep.Testing;

namespace Lockstep.Cli.Tests;

/// <summary>
/// The README's verdict table is what <c>scripts/seed-matrix.sh</c> prints (its first, quick matrix): the same rows,
/// verdicts, groups, first bugs and locations (state counts and seconds change with the engine and the machine, and
/// are not compared).
/// </summary>
[Collection(WorkingDirectory.Collection)]
public sealed class ReadmeTableTests
{
    private const string Begin = "<!-- seed-matrix:begin -->";
    private const string End = "<!-- seed-matrix:end -->";

    /// <summary>The arguments scripts/seed-matrix.sh passes to <c>lockstep matrix</c>, read from the script itself.</summary>
    private static string[] ScriptArguments()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "scripts", "seed-matrix.sh"));
        var start = script.IndexOf(" matrix ", StringComparison.Ordinal);
        var stop = script.IndexOf("> \"$table\"", start, StringComparison.Ordinal);
        Assert.True(start > 0 && stop > start, "scripts/seed-matrix.sh no longer runs 'lockstep matrix ... > \"$table\"'");
        return script[start..stop].Replace("\\\n", " ", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static List<string[]> Rows(string markdown)
    {
        var rows = new List<string[]>();
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith("| ", StringComparison.Ordinal) || line.StartsWith("| variant", StringComparison.Ordinal)
                || line.StartsWith("| ---", StringComparison.Ordinal))
                continue;
            // variant, config, verdict, group, first bug, where — not states and seconds.
            var cells = line.Trim().Trim('|').Split(" | ");
            rows.Add(cells.Take(cells.Length - 2).Select(c => c.Trim()).ToArray());
        }
        return rows;
    }

    private static string Block(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, file));
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{file} has no seed-matrix block");
        return text[(begin + Begin.Length)..end];
    }

    [Fact]
    public void TheReadmeTableIsWhatTheMatrixCommandPrints()
    {
        var args = ScriptArguments();
        Assert.Equal("matrix", args[0]);
        var output = new StringWriter();
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = RepositoryPaths.Root; // the script runs from the repository root
        int code;
        try { code = LockstepCommand.Run(args, output, new StringWriter()); }
        finally { Environment.CurrentDirectory = previous; }
        Assert.Equal(0, code);
        var expected = Rows(output.ToString());
        Assert.Equal(40, expected.Count);
        foreach (var file in new[] { "README.md", "docs/seed.md" })
        {
            var actual = Rows(Block(file));
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
                Assert.True(expected[i].SequenceEqual(actual[i]),
                    $"{file} row {i + 1} differs from scripts/seed-matrix.sh:\n  file:    {string.Join(" | ", actual[i])}\n  command: {string.Join(" | ", expected[i])}");
        }
    }
}
