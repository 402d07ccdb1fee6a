using Lockstep.Models.Tests.Differential;

namespace Lockstep.Models.Tests;

/// <summary>
/// Differential soundness (issue 15), the fixed-seed slice that runs with every test run: generated models, with
/// and without seeded bugs, must get the same verdict and bug kinds from every search as from --no-por. The long run
/// is tests/differential.sh (numbers in docs/soundness.md).
/// </summary>
public sealed class DifferentialTests
{
    [Fact]
    public void EverySearchAgreesWithTheUnreducedSearchOnGeneratedModels()
    {
        var outcome = DifferentialRun.Run(seed: Seed(), count: Count(), maxStates: 50_000);
        Console.WriteLine($"differential: seed {Seed()}: {outcome.Generated} generated, {outcome.Compared} compared exhaustively " +
                          $"({outcome.WithBugs} with bugs), {outcome.Incomplete} over the state bound, {outcome.Disagreements.Count} disagreements");
        Assert.True(outcome.Disagreements.Count == 0, string.Join("\n\n", outcome.Disagreements.Take(3)));
        // The slice is not vacuous: most models were compared exhaustively, some with bugs and some without, and every
        // primitive family was generated.
        Assert.True(outcome.Compared >= outcome.Generated * 3 / 4, $"{outcome.Compared} of {outcome.Generated} compared");
        Assert.InRange(outcome.WithBugs, 1, outcome.Compared - 1);
        Assert.Equal(ModelGenerator.Families.Order(StringComparer.Ordinal), outcome.FamilyCounts.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>LOCKSTEP_DIFFERENTIAL_SEED picks another slice (the long run uses several).</summary>
    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("LOCKSTEP_DIFFERENTIAL_SEED"), out var s) ? s : 15;

    /// <summary>LOCKSTEP_DIFFERENTIAL_COUNT makes the same test the long run (tests/differential.sh).</summary>
    private static int Count() =>
        int.TryParse(Environment.GetEnvironmentVariable("LOCKSTEP_DIFFERENTIAL_COUNT"), out var n) && n > 0 ? n : 20;
}
