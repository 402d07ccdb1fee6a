using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

/// <summary>
/// The parallel depth-first search (<see cref="SearchOptions.Workers"/> &gt; 1). Most tests make work move between
/// workers at every step (<see cref="SearchOptions.WorkSharingInterval"/> = 1), so that the giving away of threads,
/// the paths handed over with them, the tickets and the cross-worker proviso are exercised on small systems too.
/// </summary>
public sealed class ParallelDepthFirstTests
{
    private static readonly SearchOptions AllBugs = new() { StopAtFirstBug = false };

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 1)]
    [InlineData(2, 256)]
    public void WithoutPor_TheWorkersStoreExactlyTheSequentialStates(int workers, int interval)
    {
        foreach (ProgramSystem system in new[] { Toys.IndependentCounters(4, 5), Toys.SharedCounter(3, 4), Toys.OrderedLocks(), Toys.Choices() })
        {
            SearchResult one = Search.Run(system, AllBugs with { PartialOrderReduction = false });
            SearchResult many = Search.Run(system, AllBugs with { PartialOrderReduction = false, Workers = workers, WorkSharingInterval = interval });

            Assert.Equal(one.Outcome, many.Outcome);
            Assert.Equal(one.Statistics.States, many.Statistics.States);
            Assert.Equal(one.Bugs.Select(b => b.Bug.Title).Order(), many.Bugs.Select(b => b.Bug.Title).Order());
        }
    }

    [Fact]
    public void EveryWorkerTakesPartOfTheWork()
    {
        var counting = new CountingSystem(Toys.IndependentCounters(5, 8));

        SearchResult result = Search.Run(counting, new SearchOptions { PartialOrderReduction = false, Workers = 2 });

        Assert.Equal(SearchOutcome.Ok, result.Outcome);
        Assert.Equal(59_049, result.Statistics.States); // 9^5
        Assert.Equal(2, counting.StepsPerExecutor.Count);
        long total = counting.StepsPerExecutor.Sum();
        Assert.All(counting.StepsPerExecutor, steps => Assert.True(steps > total / 100, $"steps per worker: {string.Join(", ", counting.StepsPerExecutor)}"));
    }

    [Theory]
    [InlineData(20261207, 3, false, 2)]
    [InlineData(7, 4, true, 2)]
    [InlineData(8, 4, true, 3)]
    [InlineData(9, 4, true, 4)]
    public void RandomPrograms_WithWorkMovingAtEveryStep_FindExactlyTheBugsOfTheFullSearch(int seed, int maxThreads, bool loops, int workers)
    {
        var random = new Random(seed);
        int compared = 0;
        while (compared < 80)
        {
            ProgramSystem system = AgreementTests.RandomProgram(random, maxThreads, loops);
            if (BruteForce.TryExplore(system, 20_000) is not { } reference)
                continue;
            compared++;
            string[] expected = [.. reference.ShortestBugPath.Keys.Order()];
            for (int run = 0; run < 3; run++)
            {
                SearchResult parallel = Search.Run(system, AllBugs with { Workers = workers, WorkSharingInterval = 1 });
                Assert.True(expected.SequenceEqual(parallel.Bugs.Select(b => b.Bug.Title).Order()),
                    $"{workers} workers + POR, run {run}, on {system}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", parallel.Bugs.Select(b => b.Bug.Title))}]");
                Assert.True(parallel.Statistics.States <= reference.States);

                SearchResult full = Search.Run(system, AllBugs with { Workers = workers, WorkSharingInterval = 1, PartialOrderReduction = false });
                Assert.Equal(reference.States, full.Statistics.States);
            }
        }
    }

    [Fact]
    public void EveryBugsPathReplaysToItFromTheInitialState()
    {
        var random = new Random(31);
        int replayed = 0;
        while (replayed < 60)
        {
            ProgramSystem system = AgreementTests.RandomProgram(random, 4, loops: true);
            if (BruteForce.TryExplore(system, 20_000) is null)
                continue;
            SearchResult result = Search.Run(system, AllBugs with { Workers = 3, WorkSharingInterval = 1 });
            foreach (Counterexample bug in result.Bugs)
            {
                Assert.Equal(bug.Bug.Title, Replay(system, bug.Path));
                replayed++;
            }
        }
    }

    [Fact]
    public void AnExecutorsExceptionReachesTheCallerAsItself()
    {
        var failing = new FailingSystem(Toys.IndependentCounters(4, 6), failAfterSteps: 500);

        Assert.Throws<InvalidOperationException>(() => Search.Run(failing, new SearchOptions { Workers = 2, WorkSharingInterval = 1, PartialOrderReduction = false }));
    }

    [Fact]
    public void TheStateBoundStopsEveryWorker()
    {
        SearchResult result = Search.Run(Toys.Huge(), new SearchOptions { Workers = 3, WorkSharingInterval = 1, PartialOrderReduction = false, MaxStates = 3000 });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.StateLimit, result.IncompleteReason);
        Assert.Equal(3000, result.Statistics.States);
    }

    /// <summary>Runs <paramref name="path"/> from the initial state: the title of the bug its last step raises, or of
    /// the end state it reaches.</summary>
    private static string? Replay(ITransitionSystem system, IReadOnlyList<Transition> path)
    {
        IExecutor executor = system.CreateExecutor();
        byte[] state = executor.InitialState();
        for (int i = 0; i < path.Count; i++)
        {
            var enabled = new List<Transition>();
            executor.GetEnabled(state, enabled);
            Assert.Contains(path[i], enabled);
            StepResult step = executor.Step(state, path[i]);
            if (step.Bug is { } bug)
            {
                Assert.Equal(path.Count - 1, i);
                return bug.Title;
            }
            state = step.Successor.ToArray();
        }
        var last = new List<Transition>();
        executor.GetEnabled(state, last);
        Assert.Empty(last);
        return executor.CheckEndState(state)?.Title;
    }

    /// <summary>Counts the steps each executor (one per worker) runs.</summary>
    private sealed class CountingSystem(ITransitionSystem inner) : ITransitionSystem
    {
        private readonly List<Counter> _counters = [];

        public IReadOnlyList<long> StepsPerExecutor
        {
            get
            {
                lock (_counters)
                    return [.. _counters.Select(c => c.Steps)];
            }
        }

        public IExecutor CreateExecutor()
        {
            var counter = new Counter(inner.CreateExecutor());
            lock (_counters)
                _counters.Add(counter);
            return counter;
        }

        private sealed class Counter(IExecutor inner) : ForwardingExecutor(inner)
        {
            public long Steps;

            public override StepResult Step(ReadOnlySpan<byte> state, Transition transition)
            {
                Steps++;
                return base.Step(state, transition);
            }
        }
    }

    /// <summary>An executor that throws after a number of steps over all workers, as a model's executor may.</summary>
    private sealed class FailingSystem(ITransitionSystem inner, int failAfterSteps) : ITransitionSystem
    {
        private int _steps;
        private readonly int _failAfterSteps = failAfterSteps;

        public IExecutor CreateExecutor() => new Failing(this, inner.CreateExecutor());

        private sealed class Failing(FailingSystem system, IExecutor inner) : ForwardingExecutor(inner)
        {
            public override StepResult Step(ReadOnlySpan<byte> state, Transition transition)
            {
                if (Interlocked.Increment(ref system._steps) > system._failAfterSteps)
                    throw new InvalidOperationException("the executor failed");
                return base.Step(state, transition);
            }
        }
    }

    private abstract class ForwardingExecutor(IExecutor inner) : IExecutor
    {
        public byte[] InitialState() => inner.InitialState();
        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled) => inner.GetEnabled(state, enabled);
        public virtual StepResult Step(ReadOnlySpan<byte> state, Transition transition) => inner.Step(state, transition);
        public IBug? CheckEndState(ReadOnlySpan<byte> state) => inner.CheckEndState(state);
        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint) => inner.GetFootprint(state, transition, footprint);
        public bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked) => inner.TryGetBlockedThreads(state, blocked);
        public void GetFutureFootprint(ReadOnlySpan<byte> state, int thread, Footprint footprint) => inner.GetFutureFootprint(state, thread, footprint);
    }
}
