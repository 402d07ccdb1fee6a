using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// Sharper independence (issue "Faster than SPIN", item 2): threads that share nothing grow linearly with partial-order
/// reduction — thread creation is independent of other threads' steps, an exit of steps that do not wait for it, and
/// an access through a thread's own pointer of every other thread's. The counts are exact: a change in them is a
/// change in the reduction, to be explained in docs/benchmarks.md.
/// </summary>
public sealed class IndependenceTests
{
    private static CheckResult Check(string model, params string[] defines) =>
        ModelChecker.CheckFile(ModelPaths.Example(model), new CheckOptions { Defines = defines, Coverage = false, MaxStates = 100_000 });

    private static long States(string model, params string[] defines)
    {
        var result = Check(model, defines);
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
        return result.Statistics.States;
    }

    [Theory]
    [InlineData(2, 12)]
    [InlineData(3, 17)]
    [InlineData(4, 22)]
    [InlineData(5, 27)]
    [InlineData(6, 32)]
    public void ThreadsOnTheirOwnScalarGlobalsGrowLinearly(int threads, long states) =>
        Assert.Equal(states, States("independent_threads.c", $"NTHREADS={threads}"));

    [Theory]
    [InlineData(2, 8)]
    [InlineData(3, 11)]
    [InlineData(4, 14)]
    [InlineData(5, 17)]
    [InlineData(6, 20)]
    public void ThreadCreationAndExitAloneGrowLinearly(int threads, long states) =>
        Assert.Equal(states, States("independent_threads.c", $"NTHREADS={threads}", "CREATE_EXIT_ONLY"));

    [Theory]
    [InlineData(2, 20)]
    [InlineData(3, 29)]
    [InlineData(4, 38)]
    [InlineData(5, 47)]
    [InlineData(6, 56)]
    public void ThreadsWritingThroughTheirOwnPointersGrowLinearly(int threads, long states) =>
        Assert.Equal(states, States("scalable_counters.c", $"NTHREADS={threads}", "WITHOUT_TOTAL"));

    [Fact]
    public void LinearGrowthIsAConstantStepPerThread()
    {
        // The same statement as the counts above, independent of their constants: each added thread adds the same number
        // of states (its own steps), with and without work of its own.
        long[] own = [.. Enumerable.Range(2, 5).Select(n => States("independent_threads.c", $"NTHREADS={n}"))];
        long[] pointers = [.. Enumerable.Range(2, 5).Select(n => States("scalable_counters.c", $"NTHREADS={n}", "WITHOUT_TOTAL"))];
        foreach (var series in new[] { own, pointers })
            for (var i = 2; i < series.Length; i++)
                Assert.Equal(series[1] - series[0], series[i] - series[i - 1]);
    }

    [Fact]
    public void StatisticsCountTheAccessSitesWithoutAClass()
    {
        // Both models include the same headers; scalable_counters adds one unclassified site, the statement that
        // reads and writes *mine (a pointer to a scalar has no class), while every counter_k access is classified.
        var pointers = Check("scalable_counters.c").Statistics;
        var globals = Check("independent_threads.c").Statistics;
        Assert.Equal(1, pointers.UnclassifiedAccessSites - globals.UnclassifiedAccessSites);
        Assert.True(pointers.AccessSites > pointers.UnclassifiedAccessSites);
        Assert.Contains($"access sites without a class: {pointers.UnclassifiedAccessSites}/{pointers.AccessSites}",
            TextReport.Render(Check("scalable_counters.c")));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ReductionKeepsTheVerdictAndTheFinalStatesOfTheSharedTotal(int threads)
    {
        // With the shared locked total the threads do interact: the reduced search must still reach an ok verdict, and
        // explore fewer states than the unreduced one.
        string[] defines = [$"NTHREADS={threads}"];
        var reduced = Check("scalable_counters.c", defines);
        var full = ModelChecker.CheckFile(ModelPaths.Example("scalable_counters.c"),
            new CheckOptions { Defines = defines, Coverage = false, PartialOrderReduction = false, MaxStates = 1_000_000 });
        Assert.Equal(Verdict.Ok, reduced.Verdict);
        Assert.Equal(Verdict.Ok, full.Verdict);
        Assert.True(reduced.Statistics.States < full.Statistics.States);
    }
}
