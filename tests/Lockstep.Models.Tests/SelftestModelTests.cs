using System.Text;
using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// lib/locking-selftest.c as models (models/selftests): every instance of cases.tsv checked through the same path the
/// CLI takes (<see cref="ModelChecker.CheckFile"/> with -D and --config), with the kernel's expected result and the
/// footprint audit on; and the
/// README's per-group counts in step with cases.tsv (scripts/selftest-table.sh writes them).
/// </summary>
public sealed class SelftestModelTests
{
    private static readonly string Root = Path.Combine(ModelPaths.Root, "models", "selftests");

    private sealed record Case(string Group, string Template, string[] Defines, string[] Configs, string Expected);

    private static List<Case> Cases() =>
        File.ReadLines(Path.Combine(Root, "cases.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => new Case(f[0], f[1], f[2].Split(',', StringSplitOptions.RemoveEmptyEntries),
                f[3].Split(',', StringSplitOptions.RemoveEmptyEntries), f[4]))
            .ToList();

    public static TheoryData<string, string, string> Instances()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var c in Cases()) data.Add(c.Template, string.Join(',', c.Defines), string.Join(',', c.Configs));
        return data;
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void InstanceGivesTheKernelsSelftestResult(string template, string defines, string configs)
    {
        var c = Cases().Single(x => x.Template == template && string.Join(',', x.Defines) == defines && string.Join(',', x.Configs) == configs);
        var result = ModelChecker.CheckFile(Path.Combine(Root, template),
            new CheckOptions { Defines = c.Defines, Configs = c.Configs, MaxStates = 100_000, AuditFootprints = true });
        var context = $"{template} -D {defines} [{configs}]:\n{TextReport.Render(result)}";
        // The footprint audit ran over the instance: a violation is an error verdict, which neither branch below accepts.
        if (c.Expected == "ok")
        {
            Assert.True(result.Verdict == Verdict.Ok, context);
            return;
        }
        Assert.True(result.Verdict == Verdict.Bug, context);
        Assert.True(c.Expected == result.FirstBug!.Kind, context);
    }

    [Fact]
    public void EveryGroupHasBothOutcomesOrSaysWhyNot()
    {
        var cases = Cases();
        Assert.Equal(cases.Count, cases.Select(c => (c.Template, string.Join(',', c.Defines), string.Join(',', c.Configs))).Distinct().Count());
        Assert.All(cases, c => Assert.True(File.Exists(Path.Combine(Root, c.Template)), c.Template));
        foreach (var group in cases.GroupBy(c => c.Group))
        {
            Assert.Contains(group, c => c.Expected == "ok");
            Assert.Contains(group, c => c.Expected != "ok");
        }
    }

    /// <summary>The README's table is what scripts/selftest-table.sh computes from cases.tsv.</summary>
    [Fact]
    public void ReadmeCountsAreInStepWithTheCases()
    {
        var cases = Cases();
        var expected = new StringBuilder()
            .Append("| group | instances | kernel expects a report | kernel expects success |\n")
            .Append("| --- | --- | --- | --- |\n");
        foreach (var g in cases.GroupBy(c => c.Group))
            expected.Append($"| {g.Key} | {g.Count()} | {g.Count(c => c.Expected != "ok")} | {g.Count(c => c.Expected == "ok")} |\n");
        expected.Append($"| all | {cases.Count} | | |\n");
        var readme = File.ReadAllText(Path.Combine(ModelPaths.Root, "README.md")).ReplaceLineEndings("\n");
        const string begin = "<!-- selftest-table:begin -->\n", end = "<!-- selftest-table:end -->";
        var start = readme.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var table = readme[start..readme.IndexOf(end, start, StringComparison.Ordinal)];
        Assert.Equal(expected.ToString(), table);
    }
}
