namespace Lockstep.Exploration.Tests;

/// <summary>The depth-first search reports a cycle a weakly fair scheduler may follow forever, as a lasso.</summary>
public sealed class FairCycleTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ASpinOnAFlagNobodySetsIsAFairCycle(bool por)
    {
        // Thread 0 spins while var0 == 0; thread 1 only reads var1: once it is done, nothing can end the spin.
        var system = new ProgramSystem(2, 0,
            [Op.LoopWhile(0, 0, 0)],
            [Op.AssertNot(1, 5)]);
        var result = Search.Run(system, new SearchOptions { PartialOrderReduction = por });

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
        var bug = Assert.Single(result.Bugs);
        var cycle = Assert.IsType<FairCycle>(bug.Bug);
        Assert.Equal([0], cycle.LoopingThreads);
        Assert.NotNull(bug.LoopStart);
        Assert.All(bug.Path.Skip(bug.LoopStart!.Value), t => Assert.Equal(0, t.Thread));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ASpinThatAnotherThreadEndsIsNoBug(bool por)
    {
        // Thread 1 sets var0 = 1 at some point: a cycle of thread 0's spins starves thread 1 forever, which weak
        // fairness rules out.
        var system = new ProgramSystem(2, 0,
            [Op.LoopWhile(0, 0, 0)],
            [Op.Increment(0)]);
        var result = Search.Run(system, new SearchOptions { PartialOrderReduction = por });

        Assert.Equal(SearchOutcome.Ok, result.Outcome);
    }

    [Fact]
    public void ACycleTheSystemCallsWorkIsNoBug()
    {
        var system = new ProgramSystem(2, 0, [Op.LoopWhile(0, 0, 0)], [Op.AssertNot(1, 5)]) { Stuck = false };
        Assert.Equal(SearchOutcome.Ok, Search.Run(system, new SearchOptions()).Outcome);
    }
}
