using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed class DepthFirstTests
{
    private static readonly SearchOptions NoPor = new() { PartialOrderReduction = false };

    [Theory]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    [InlineData(2, 6)]
    public void IndependentThreads_WithoutPor_VisitEveryInterleavingState(int threads, int steps)
    {
        SearchResult result = Search.Run(Toys.IndependentCounters(threads, steps), NoPor);

        Assert.Equal(SearchOutcome.Ok, result.Outcome);
        Assert.Equal((long)Math.Pow(steps + 1, threads), result.Statistics.States);
        Assert.Equal(threads * steps, result.Statistics.MaxDepth);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    [InlineData(6, 5)]
    public void IndependentThreads_WithPor_VisitOneInterleaving(int threads, int steps)
    {
        SearchResult result = Search.Run(Toys.IndependentCounters(threads, steps));

        Assert.Equal(SearchOutcome.Ok, result.Outcome);
        Assert.Equal(threads * steps + 1, result.Statistics.States);
        Assert.Equal(threads * steps, result.Statistics.Transitions);
    }

    [Fact]
    public void VisibleSteps_AreNeverReducedAway()
    {
        // Independent threads whose steps all touch what an invariant reads: no proper subset may be chosen.
        ProgramSystem system = new(3, 0,
            [.. Enumerable.Repeat(new Op(OpKind.Increment, 0, Visible: true), 2)],
            [.. Enumerable.Repeat(new Op(OpKind.Increment, 1, Visible: true), 2)],
            [.. Enumerable.Repeat(new Op(OpKind.Increment, 2), 2)]);

        SearchResult result = Search.Run(system);

        // Thread 2 (invisible) runs alone first (2 states), then threads 0 and 1 interleave fully (3x3):
        // 11 states, where 7 (one interleaving) would be visited if visibility were ignored.
        Assert.Equal(11, result.Statistics.States);
        Assert.Equal(SearchOutcome.Ok, result.Outcome);
    }

    [Fact]
    public void SharedCounter_PorCannotReduce()
    {
        ProgramSystem system = Toys.SharedCounter(3, 3);

        SearchResult with = Search.Run(system);
        SearchResult without = Search.Run(system, NoPor);

        Assert.Equal(64, without.Statistics.States);
        Assert.Equal(64, with.Statistics.States);
        Assert.Equal(SearchOutcome.Ok, with.Outcome);
    }

    [Fact]
    public void ExecutorWithoutPorInformation_GetsNoPersistentSetReduction()
    {
        ProgramSystem system = new(3, 0, [Op.Increment(0), Op.Increment(0)], [Op.Increment(1), Op.Increment(1)], [Op.Increment(2), Op.Increment(2)])
        {
            ReportsPorInformation = false,
        };

        SearchResult result = Search.Run(system);

        // Sleep sets still prune transitions, but every state is still visited.
        Assert.Equal(27, result.Statistics.States);
        Assert.True(result.Statistics.Transitions < Search.Run(system, NoPor).Statistics.Transitions);
    }

    [Fact]
    public void Abba_DeadlocksWithAndWithoutPor()
    {
        foreach (SearchOptions options in new[] { SearchOptions.Default, NoPor })
        {
            SearchResult result = Search.Run(Toys.Abba(), options);

            Assert.Equal(SearchOutcome.Bug, result.Outcome);
            Counterexample bug = Assert.Single(result.Bugs);
            Assert.Equal("deadlock", bug.Bug.Kind);
            Assert.Equal([new Transition(0, 0), new Transition(1, 0)], bug.Path);
        }
    }

    [Fact]
    public void OrderedLocks_IsOk()
    {
        Assert.Equal(SearchOutcome.Ok, Search.Run(Toys.OrderedLocks()).Outcome);
        Assert.Equal(SearchOutcome.Ok, Search.Run(Toys.OrderedLocks(), NoPor).Outcome);
    }

    [Fact]
    public void LateConflict_IsFoundWithPor()
    {
        SearchResult result = Search.Run(Toys.LateConflict());

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
        Assert.Equal([new Transition(1, 0), new Transition(1, 0), new Transition(0, 0)], result.Bugs[0].Path);
    }

    [Fact]
    public void CycleProviso_ExpandsAStateWhoseReducedSetClosesACycle()
    {
        SearchResult result = Search.Run(new CyclicSystem());

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
        Assert.Equal("thread 1 ran", result.Bugs[0].Bug.Title);
    }

    [Fact]
    public void StepBug_PathEndsWithTheStepThatRaisedIt()
    {
        SearchResult result = Search.Run(Toys.BugAtDepth(6));

        Counterexample bug = Assert.Single(result.Bugs);
        Assert.Equal("assertion", bug.Bug.Kind);
        Assert.Equal(6, bug.Path.Count);
        Assert.All(bug.Path, t => Assert.Equal(new Transition(0, 0), t));
    }

    [Fact]
    public void Choices_AreExploredAsAlternatives()
    {
        ProgramSystem system = Toys.Choices();
        BruteForceResult reference = BruteForce.Explore(system);

        SearchResult result = Search.Run(system, NoPor with { StopAtFirstBug = false });

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
        Assert.Equal(reference.States, result.Statistics.States);
        Assert.Contains(result.Bugs, b => b.Path.Contains(new Transition(0, 2)));
    }

    [Fact]
    public void StopAtFirstBugFalse_CollectsEveryDistinctBugOnce()
    {
        // Two threads each assert on a variable the other writes: two distinct bugs.
        ProgramSystem system = new(2, 0,
            [Op.Write(0, 1), Op.AssertNot(1, 1)],
            [Op.Write(1, 1), Op.AssertNot(0, 1)]);

        SearchResult result = Search.Run(system, SearchOptions.Default with { StopAtFirstBug = false });

        Assert.Equal(2, result.Bugs.Count);
        Assert.Equal(2, result.Bugs.Select(b => b.Bug.Title).Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DepthFirst_DoesNotAllocatePerStep(bool por)
    {
        // Warm up, then compare the allocations of a small and a much larger exhaustive search: the
        // difference per extra step must be far below one allocation. Shared counters keep POR busy
        // (footprints, persistent sets, sleep sets) without reducing the space. The state bound sizes the fingerprint
        // table once for both searches: its growth is per stored state, not per step, and is not what this measures.
        SearchOptions options = new() { PartialOrderReduction = por, MaxMemoryBytes = 4L << 30, MaxStates = 1 << 16 };
        Search.Run(Toys.SharedCounter(3, 3), options);
        SearchResult small = default!, large = default!;
        long smallBytes = Allocated(() => small = Search.Run(Toys.SharedCounter(2, 15), options));
        long largeBytes = Allocated(() => large = Search.Run(Toys.SharedCounter(4, 7), options));
        long extraSteps = large.Statistics.Transitions - small.Statistics.Transitions;

        Assert.Equal(4096, large.Statistics.States);
        Assert.True((largeBytes - smallBytes) / (double)extraSteps < 8, $"{largeBytes - smallBytes} bytes for {extraSteps} extra steps");
    }

    private static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
