using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Models.Tests.Differential;

/// <summary>
/// Checks generated models under every search and reduction the checker has and compares verdicts and bug kinds
/// with the unreduced depth-first search (<c>--no-por --no-merge-steps</c>): the default DFS with partial-order
/// reduction and step merging (docs/step-merging.md), the same without merging, breadth-first, and two workers (with and
/// without reduction). All bugs are collected (not only the first), so "the same bugs" means the same set of bug kinds.
/// The reference run and both depth-first runs also carry the footprint audit.
/// </summary>
public static class DifferentialRun
{
    public sealed record Outcome(int Generated, int Compared, int WithBugs, int Incomplete, IReadOnlyList<string> Disagreements,
        IReadOnlyDictionary<string, int> FamilyCounts);

    private static readonly (string Name, CheckOptions Options)[] Searches =
    [
        ("dfs+por (merging steps, the default)", new CheckOptions { AuditFootprints = true }),
        ("dfs+por no-merge-steps", new CheckOptions { StepMerging = false, AuditFootprints = true }),
        ("bfs", new CheckOptions { Strategy = SearchStrategy.Bfs }),
        ("workers=2", new CheckOptions { Workers = 2 }),
        ("workers=2 no-por", new CheckOptions { Workers = 2, PartialOrderReduction = false }),
    ];

    public static Outcome Run(int seed, int count, long maxStates)
    {
        var generator = new ModelGenerator(seed);
        var disagreements = new List<string>();
        var families = new Dictionary<string, int>(StringComparer.Ordinal);
        int compared = 0, withBugs = 0, incomplete = 0;
        for (var i = 0; i < count; i++)
        {
            var model = generator.Next(seedBug: i % 2 == 1);
            foreach (var f in model.Families) families[f] = families.GetValueOrDefault(f) + 1;
            var reference = Check(model.Text, new CheckOptions { PartialOrderReduction = false, StepMerging = false, AuditFootprints = true }, maxStates);
            if (reference.Verdict == Verdict.Error)
            {
                disagreements.Add($"model {i} (seed {seed}) does not compile:\n{string.Join("\n", reference.Diagnostics)}\n{model.Text}");
                continue;
            }
            // Collecting every bug, a search that hit the bound after a bug still says Bug: only a reference run that
            // covered its whole state space is a reference.
            if (reference.Verdict == Verdict.Incomplete || reference.Statistics.States >= maxStates) { incomplete++; continue; }
            compared++;
            var expected = Kinds(reference);
            if (expected.Length > 0) withBugs++;
            foreach (var (name, options) in Searches)
            {
                var result = Check(model.Text, options, maxStates);
                var kinds = Kinds(result);
                if (result.Verdict != reference.Verdict || !kinds.SequenceEqual(expected))
                    disagreements.Add($"model {i} (seed {seed}): --no-por says {reference.Verdict} [{string.Join(", ", expected)}], " +
                                      $"{name} says {result.Verdict} [{string.Join(", ", kinds)}]\n{model.Text}");
            }
        }
        return new Outcome(count, compared, withBugs, incomplete, disagreements, families);
    }

    private static CheckResult Check(string text, CheckOptions options, long maxStates) =>
        ModelChecker.CheckText(text, options with
        {
            StopAtFirstBug = false,
            MaxStates = maxStates,
            ShortenCounterexamples = false,
            Defines = [],
        }, "generated.c");

    private static string[] Kinds(CheckResult result) => [.. result.Bugs.Select(b => b.Kind).Distinct().Order(StringComparer.Ordinal)];
}
