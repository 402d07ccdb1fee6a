using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed class WorkerTests
{
    [Theory]
    [InlineData(SearchStrategy.Dfs)]
    [InlineData(SearchStrategy.Bfs)]
    public void TwoWorkers_CountTheSameStatesAsOne(SearchStrategy strategy)
    {
        var sequential = new SearchOptions { Strategy = strategy, PartialOrderReduction = false };
        foreach (ProgramSystem system in new[] { Toys.IndependentCounters(4, 5), Toys.SharedCounter(3, 4), Toys.OrderedLocks() })
        {
            SearchResult one = Search.Run(system, sequential);
            SearchResult two = Search.Run(system, sequential with { Workers = 2 });

            Assert.Equal(SearchOutcome.Ok, two.Outcome);
            Assert.Equal(one.Outcome, two.Outcome);
            Assert.Equal(one.Statistics.States, two.Statistics.States);
        }
        Assert.Equal(1296, Search.Run(Toys.IndependentCounters(4, 5), sequential with { Workers = 2 }).Statistics.States);
    }

    [Fact]
    public void TwoWorkers_WithPor_ReduceAndAgreeOnTheVerdict()
    {
        SearchResult result = Search.Run(Toys.IndependentCounters(4, 5), new SearchOptions { Workers = 2 });

        Assert.Equal(SearchOutcome.Ok, result.Outcome);
        Assert.True(result.Statistics.States < 1296 / 4, $"{result.Statistics.States} states");
        Assert.Equal(SearchOutcome.Bug, Search.Run(Toys.Abba(), new SearchOptions { Workers = 2 }).Outcome);
        Assert.Equal(SearchOutcome.Bug, Search.Run(new CyclicSystem(), new SearchOptions { Workers = 2 }).Outcome);
    }

    [Fact]
    public void TwoWorkers_HonourTheStateBound()
    {
        SearchResult result = Search.Run(Toys.Huge(), new SearchOptions { Workers = 2, PartialOrderReduction = false, MaxStates = 5000 });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.StateLimit, result.IncompleteReason);
        Assert.Equal(5000, result.Statistics.States);
    }
}
