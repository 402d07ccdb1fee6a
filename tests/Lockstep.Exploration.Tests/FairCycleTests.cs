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

/// <summary>
/// Cycles the stack alone does not show. Three threads, all enabled in three states X, Y, Z:
/// X: 0→Y 1→X 2→X; Y: 0→Y 1→X 2→Z; Z: 0→Y 1→Z 2→Z. Every cycle a back edge closes (depth-first, threads in order)
/// leaves one thread out, so each is unfair; the component {X, Y, Z} has the fair cycle X→Y→Z→Y→X (0, 2, 0, 1).
/// </summary>
public sealed class FairComponentTests
{
    private static readonly int[,] Edges = { { 1, 0, 0 }, { 1, 0, 2 }, { 1, 2, 2 } };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AFairCycleMadeOfUnfairBackEdgesIsFound(bool por)
    {
        var result = Search.Run(new GraphSystem(Edges), new SearchOptions { PartialOrderReduction = por });

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
        var bug = Assert.Single(result.Bugs);
        var cycle = Assert.IsType<FairCycle>(bug.Bug);
        Assert.Equal([0, 1, 2], cycle.LoopingThreads.Order());
        // The lasso: the loop starts at X (no prefix) and returns to it, every thread stepping in it.
        Assert.Equal(0, bug.LoopStart);
        Assert.Equal(0, GraphSystem.Follow(Edges, 0, bug.Path));
        Assert.Equal([0, 1, 2], bug.Path.Select(t => t.Thread).Distinct().Order());
    }

    [Fact]
    public void WithoutTheCheckTheSameGraphIsOk() =>
        Assert.Equal(SearchOutcome.Ok, Search.Run(new GraphSystem(Edges), new SearchOptions { NonProgress = false }).Outcome);

    [Fact]
    public void AComponentThatStarvesAnAlwaysEnabledThreadIsNoBug()
    {
        // Thread 2 is enabled everywhere and only leads out of the component to a sink (state 3, nothing enabled):
        // every cycle starves it, so there is no fair cycle.
        int[,] edges = { { 1, 0, 3 }, { 1, 0, 3 }, { 1, 1, 3 } };
        Assert.Equal(SearchOutcome.Ok, Search.Run(new GraphSystem(edges), new SearchOptions { PartialOrderReduction = false }).Outcome);
    }
}

/// <summary>A state graph given as a table: state s, thread t → successor (states 0..n-1; a successor equal to the number
/// of rows is a sink with nothing enabled). Every step conflicts with every other.</summary>
internal sealed class GraphSystem(int[,] edges) : ITransitionSystem
{
    public IExecutor CreateExecutor() => new Executor(edges);

    public static int Follow(int[,] edges, int state, IEnumerable<Transition> path)
    {
        foreach (var t in path) state = edges[state, t.Thread];
        return state;
    }

    private sealed class Executor(int[,] edges) : IExecutor
    {
        private readonly byte[] _successor = new byte[1];
        public byte[] InitialState() => [0];

        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled)
        {
            if (state[0] >= edges.GetLength(0)) return;
            for (int t = 0; t < edges.GetLength(1); t++) enabled.Add(new Transition(t, 0));
        }

        public StepResult Step(ReadOnlySpan<byte> state, Transition transition)
        {
            _successor[0] = (byte)edges[state[0], transition.Thread];
            return new StepResult { Successor = _successor };
        }

        public IBug? CheckEndState(ReadOnlySpan<byte> state) => null;
        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint) => footprint.Global = true;
    }
}
