using System.Text.RegularExpressions;
using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The kernel-contract suite (models/contracts/FAMILY/CONTRACT_{bug,ok}.c): each model states the kernel's verdict in
/// its header — "expect: KIND [thread=NAME] [at=MARK]" for the default configuration and "expect CONFIG[+CONFIG]: ..."
/// where the contract differs — with "ok" for no bug and /* @MARK */ on the line the bug is reported at. Every
/// expectation is checked under the default depth-first search, without partial-order reduction and breadth-first:
/// all three must give the kernel's verdict.
/// </summary>
public sealed partial class ContractSuiteTests
{
    private static readonly string Root = Path.Combine(ModelPaths.Root, "models", "contracts");

    /// <summary>The primitive families issue 16 asks the suite to cover.</summary>
    private static readonly string[] Families = ["waitqueue", "completion", "rcuwait", "workqueue", "timer", "kthread", "irq", "rwlock", "rcu", "alloc"];

    private sealed record Expectation(string[] Configs, string Kind, string? Thread, string? Mark);

    [GeneratedRegex(@"^\s*\*\s*expect(?:\s+(?<configs>[A-Z_+]+))?:\s*(?<kind>[a-z-]+)(?<rest>.*)$")]
    private static partial Regex ExpectLine();

    private static List<Expectation> Expectations(string file)
    {
        var list = new List<Expectation>();
        foreach (var line in File.ReadLines(file))
        {
            var m = ExpectLine().Match(line);
            if (!m.Success) continue;
            var configs = m.Groups["configs"].Success ? m.Groups["configs"].Value.Split('+') : [];
            string? thread = null, mark = null;
            foreach (var word in m.Groups["rest"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.StartsWith("thread=", StringComparison.Ordinal)) thread = word[7..];
                else if (word.StartsWith("at=", StringComparison.Ordinal)) mark = word[3..];
                else throw new InvalidOperationException($"{file}: unknown expectation word '{word}'");
            }
            list.Add(new Expectation(configs, m.Groups["kind"].Value, thread, mark));
        }
        return list;
    }

    private static IEnumerable<string> Models() =>
        Directory.GetFiles(Root, "*.c", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Models())
            foreach (var e in Expectations(file))
                data.Add(Path.GetRelativePath(Root, file), string.Join('+', e.Configs));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ModelGivesTheKernelsVerdictUnderEverySearch(string model, string configs)
    {
        var file = Path.Combine(Root, model);
        var expectation = Expectations(file).Single(e => string.Join('+', e.Configs) == configs);
        var searches = new (string Name, CheckOptions Options)[]
        {
            ("dfs", new CheckOptions { Configs = expectation.Configs, MaxStates = 200_000 }),
            ("dfs --no-por", new CheckOptions { Configs = expectation.Configs, MaxStates = 200_000, PartialOrderReduction = false }),
            ("bfs", new CheckOptions { Configs = expectation.Configs, MaxStates = 200_000, Strategy = SearchStrategy.Bfs }),
        };
        foreach (var (name, options) in searches)
        {
            var result = ModelChecker.CheckFile(file, options);
            var context = $"{model} [{configs}] under {name}:\n{TextReport.Render(result)}";
            if (expectation.Kind == "ok")
            {
                Assert.True(result.Verdict == Verdict.Ok, context);
                continue;
            }
            Assert.True(result.Verdict == Verdict.Bug, context);
            var bug = result.FirstBug!;
            Assert.True(expectation.Kind == bug.Kind, context);
            if (expectation.Thread is not null) Assert.True(expectation.Thread == bug.Thread, context);
            if (expectation.Mark is not null)
                Assert.True(ModelPaths.LineOf(file, $"/* @{expectation.Mark} */") == bug.Location?.Line, context);
        }
    }

    [Fact]
    public void EveryFamilyHasPairsAndEveryBugModelItsFix()
    {
        foreach (var family in Families)
        {
            var dir = Path.Combine(Root, family);
            Assert.True(Directory.Exists(dir), $"no contract family {family}");
            var bugs = Directory.GetFiles(dir, "*_bug.c");
            Assert.NotEmpty(bugs);
            foreach (var bug in bugs)
                Assert.True(File.Exists(bug[..^"_bug.c".Length] + "_ok.c"), $"{bug} has no fixed partner");
        }
        foreach (var file in Models())
        {
            Assert.True(file.EndsWith("_bug.c", StringComparison.Ordinal) || file.EndsWith("_ok.c", StringComparison.Ordinal), file);
            var expectations = Expectations(file);
            Assert.True(expectations.Count(e => e.Configs.Length == 0) == 1, $"{file}: needs exactly one default 'expect:' line");
            // A *_bug.c model breaks its contract under some configuration; a *_ok.c keeps it under all.
            if (file.EndsWith("_ok.c", StringComparison.Ordinal)) Assert.All(expectations, e => Assert.Equal("ok", e.Kind));
            else Assert.Contains(expectations, e => e.Kind != "ok");
        }
    }
}
