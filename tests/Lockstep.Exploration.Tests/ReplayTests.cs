using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed class ReplayTests
{
    private static SearchOptions ReplayOf(IReadOnlyList<Transition> path) => new() { Strategy = SearchStrategy.Replay, ReplayPath = path };

    [Theory]
    [InlineData("abba")]
    [InlineData("lost-update")]
    [InlineData("choices")]
    [InlineData("cycle")]
    public void Replay_ReproducesADfsCounterexample(string name)
    {
        ITransitionSystem system = Toys.All().Single(t => t.Name == name).System;
        Counterexample found = Search.Run(system).Bugs.Single();

        SearchResult replay = Search.Run(system, ReplayOf(found.Path));

        Assert.Equal(SearchOutcome.Bug, replay.Outcome);
        Counterexample reproduced = replay.Bugs.Single();
        Assert.Equal(found.Bug, reproduced.Bug);
        Assert.Equal(found.Path, reproduced.Path);
    }

    [Fact]
    public void Replay_OfATransitionThatIsNotEnabled_Diverges()
    {
        // After thread 0 takes both locks, thread 1's first step (lock 1) is disabled.
        Transition[] path = [new(0, 0), new(0, 0), new(1, 0)];

        SearchResult result = Search.Run(Toys.Abba(), ReplayOf(path));

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.ReplayDiverged, result.IncompleteReason);
        Assert.Contains("step 2", result.Message);
        Assert.Contains("1.0", result.Message);
    }

    [Fact]
    public void Replay_OfAPrefixWithoutBug_Finishes()
    {
        SearchResult result = Search.Run(Toys.Abba(), ReplayOf([new(0, 0), new(0, 0)]));

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.ReplayFinished, result.IncompleteReason);
        Assert.Equal(2, result.Statistics.Transitions);
        Assert.Empty(result.Bugs);
    }

    [Fact]
    public void Replay_WithoutPath_IsAnError()
    {
        Assert.Throws<ArgumentException>(() => Search.Run(Toys.Abba(), new SearchOptions { Strategy = SearchStrategy.Replay }));
    }
}
