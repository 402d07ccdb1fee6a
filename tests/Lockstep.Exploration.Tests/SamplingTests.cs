using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed class SamplingTests
{
    [Theory]
    [InlineData(SearchStrategy.Random)]
    [InlineData(SearchStrategy.Pct)]
    public void SameSeed_SameRun(SearchStrategy strategy)
    {
        var options = new SearchOptions { Strategy = strategy, Seed = 42, Schedules = 200, StopAtFirstBug = false };

        SearchResult first = Search.Run(Toys.LostUpdate(), options);
        SearchResult second = Search.Run(Toys.LostUpdate(), options);

        Assert.Equal(42, first.Seed);
        Assert.Equal(first.Statistics.States, second.Statistics.States);
        Assert.Equal(first.Statistics.Transitions, second.Statistics.Transitions);
        Assert.Equal(first.Bugs.Select(b => b.Path), second.Bugs.Select(b => b.Path));
    }

    [Theory]
    [InlineData(SearchStrategy.Random)]
    [InlineData(SearchStrategy.Pct)]
    public void SeveralWorkers_SampleEveryScheduleOnce_AndTheSameOnesForTheSameSeed(SearchStrategy strategy)
    {
        var options = new SearchOptions { Strategy = strategy, Seed = 42, Schedules = 301, StopAtFirstBug = false, Workers = 3 };

        SearchResult first = Search.Run(Toys.LostUpdate(), options);
        SearchResult second = Search.Run(Toys.LostUpdate(), options);

        Assert.Equal(301, first.Statistics.Schedules);
        Assert.Equal(first.Statistics.States, second.Statistics.States);
        Assert.Equal(first.Statistics.Transitions, second.Statistics.Transitions);
        Assert.Equal(first.Bugs.Select(b => b.Bug.Title).Order(), second.Bugs.Select(b => b.Bug.Title).Order());
        Assert.Equal(SearchOutcome.Bug, first.Outcome);
        SearchResult replay = Search.Run(Toys.LostUpdate(), new SearchOptions { Strategy = SearchStrategy.Replay, ReplayPath = first.Bugs[0].Path });
        Assert.Equal(first.Bugs[0].Bug.Title, replay.Bugs.Single().Bug.Title);
    }

    [Fact]
    public void SeveralWorkers_WithoutBug_AreStillNeverOk()
    {
        SearchResult result = Search.Run(Toys.OrderedLocks(), new SearchOptions { Strategy = SearchStrategy.Random, Schedules = 300, Workers = 2 });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.Sampled, result.IncompleteReason);
        Assert.Equal(300, result.Statistics.Schedules);
    }

    [Theory]
    [InlineData(SearchStrategy.Random)]
    [InlineData(SearchStrategy.Pct)]
    public void DifferentSeeds_ExploreDifferently(SearchStrategy strategy)
    {
        var options = new SearchOptions { Strategy = strategy, Schedules = 30 };
        ProgramSystem system = Toys.IndependentCounters(3, 3);

        long[] transitionsPerSeed = [.. Enumerable.Range(1, 5).Select(seed => Search.Run(system, options with { Seed = seed }).Statistics.States)];

        Assert.True(transitionsPerSeed.Distinct().Count() > 1);
    }

    [Theory]
    [InlineData(SearchStrategy.Random)]
    [InlineData(SearchStrategy.Pct)]
    public void FindsTheDeadlock_AndItsPathReplays(SearchStrategy strategy)
    {
        SearchResult result = Search.Run(Toys.Abba(), new SearchOptions { Strategy = strategy, Seed = 7, Schedules = 500 });

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
        Counterexample bug = result.Bugs.Single();
        Assert.Equal("deadlock", bug.Bug.Kind);
        SearchResult replay = Search.Run(Toys.Abba(), new SearchOptions { Strategy = SearchStrategy.Replay, ReplayPath = bug.Path });
        Assert.Equal("deadlock", replay.Bugs.Single().Bug.Kind);
    }

    [Theory]
    [InlineData(SearchStrategy.Random)]
    [InlineData(SearchStrategy.Pct)]
    public void WithoutBug_IsNeverOk(SearchStrategy strategy)
    {
        SearchResult result = Search.Run(Toys.OrderedLocks(), new SearchOptions { Strategy = strategy, Schedules = 300 });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.Sampled, result.IncompleteReason);
        Assert.Equal(300, result.Statistics.Schedules);
        Assert.NotNull(result.Seed);
        Assert.Equal(BruteForce.Explore(Toys.OrderedLocks()).States, result.Statistics.States); // small: every state sampled
    }

    [Fact]
    public void Pct_FindsADepthTwoOrderingBug()
    {
        // The bug needs thread 1 to run its write between thread 0's two steps.
        ProgramSystem system = new(2, 0,
            [Op.Write(0, 1), Op.AssertNot(1, 1)],
            [Op.AssertNot(0, 0), Op.Write(1, 1)]);

        SearchResult result = Search.Run(system, new SearchOptions { Strategy = SearchStrategy.Pct, PctDepth = 2, Seed = 3, Schedules = 200 });

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
    }

    [Fact]
    public void LongSchedulesAreCutAtMaxDepth()
    {
        SearchResult result = Search.Run(new CyclicSystem(), new SearchOptions { Strategy = SearchStrategy.Random, Seed = 1, Schedules = 5, MaxDepth = 3, StopAtFirstBug = false });

        Assert.True(result.Statistics.MaxDepth <= 3);
        Assert.Equal(5, result.Statistics.Schedules);
    }
}
