using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed class BreadthFirstTests
{
    private static readonly SearchOptions Bfs = new() { Strategy = SearchStrategy.Bfs };

    [Theory]
    [InlineData("abba")]
    [InlineData("bug-at-depth")]
    [InlineData("choices")]
    [InlineData("shortcut")]
    [InlineData("lost-update")]
    [InlineData("late-conflict")]
    public void Counterexample_IsAShortestPath(string name)
    {
        ITransitionSystem system = Toys.All().Single(t => t.Name == name).System;
        BruteForceResult reference = BruteForce.Explore(system);

        foreach (int workers in new[] { 1, 2 })
        {
            SearchResult result = Search.Run(system, Bfs with { Workers = workers });

            Counterexample bug = Assert.Single(result.Bugs);
            Assert.Equal(reference.ShortestAnyBug, bug.Path.Count);
            Assert.Equal(bug.Bug.Title, Replay(system, bug.Path).Bugs.Single().Bug.Title);
        }
    }

    [Fact]
    public void Shortcut_BfsIsShorterThanDfs()
    {
        ProgramSystem system = Toys.ShortcutBug();

        int bfs = Search.Run(system, Bfs).Bugs.Single().Path.Count;
        int dfs = Search.Run(system, new SearchOptions { PartialOrderReduction = false }).Bugs.Single().Path.Count;

        Assert.Equal(2, bfs);
        Assert.True(dfs > bfs);
    }

    [Fact]
    public void DeadlockInTheSameLevelAsAStepBug_WinsBecauseItIsShorter()
    {
        // Level 3 holds both an ABBA deadlock (thread 2 first, then one lock each: path length 3)
        // and a state from which thread 2's step fails (thread 0 took both locks and wrote v0: path
        // length 4). The deadlock must win whichever state of the level is expanded first.
        ProgramSystem system = new(1, 2,
            [Op.Lock(0), Op.Lock(1), Op.Write(0, 1), Op.Unlock(1), Op.Unlock(0)],
            [Op.Lock(1), Op.Lock(0), Op.Unlock(0), Op.Unlock(1)],
            [Op.AssertNot(0, 1)]);
        Assert.Equal(3, BruteForce.Explore(system).ShortestAnyBug);

        SearchResult result = Search.Run(system, Bfs);

        Assert.Equal("deadlock", result.Bugs.Single().Bug.Kind);
        Assert.Equal(BruteForce.Explore(system).ShortestAnyBug, result.Bugs.Single().Path.Count);
    }

    [Fact]
    public void Bfs_CountsEveryState()
    {
        SearchResult result = Search.Run(Toys.IndependentCounters(3, 4), Bfs);

        Assert.Equal(SearchOutcome.Ok, result.Outcome);
        Assert.Equal(125, result.Statistics.States);
        Assert.Equal(12, result.Statistics.MaxDepth);
    }

    private static SearchResult Replay(ITransitionSystem system, IReadOnlyList<Transition> path) =>
        Search.Run(system, new SearchOptions { Strategy = SearchStrategy.Replay, ReplayPath = path });
}
