namespace Lockstep.Exploration;

/// <summary>
/// Searches for a step after which <paramref name="reached"/> holds, rather than for a bug: the step that reaches the
/// goal ends its path as a bug would, with <see cref="GoalReached"/>, so a breadth-first search returns the shortest
/// path there. Bugs of the system itself end their paths as usual. Used to ask the semantics a question (e.g. "which
/// interleaving first records this lock dependency?") without changing them.
/// </summary>
public sealed class GoalTransitionSystem(ITransitionSystem inner, Func<bool> reached) : ITransitionSystem
{
    public IExecutor CreateExecutor() => new GoalExecutor(inner.CreateExecutor(), reached);

    /// <summary>The marker a path that reached the goal ends with.</summary>
    public sealed class GoalReached : IBug
    {
        public static readonly GoalReached Instance = new();
        public string Kind => "goal";
        public string Title => "goal reached";
    }

    private sealed class GoalExecutor(IExecutor inner, Func<bool> reached) : IExecutor
    {
        public byte[] InitialState() => inner.InitialState();
        public void Focus(Fingerprint? state) => inner.Focus(state);
        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled) => inner.GetEnabled(state, enabled);
        public IBug? CheckEndState(ReadOnlySpan<byte> state) => inner.CheckEndState(state);
        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint) => inner.GetFootprint(state, transition, footprint);
        public bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked) => inner.TryGetBlockedThreads(state, blocked);
        public int AwaitedExit(ReadOnlySpan<byte> state, int blockedThread) => inner.AwaitedExit(state, blockedThread);
        public void GetFutureFootprint(ReadOnlySpan<byte> state, int thread, Footprint footprint) => inner.GetFutureFootprint(state, thread, footprint);

        public StepResult Step(ReadOnlySpan<byte> state, Transition transition)
        {
            var result = inner.Step(state, transition);
            return result.Bug is null && reached() ? new StepResult { Successor = result.Successor, Bug = GoalReached.Instance, BoundExceeded = result.BoundExceeded } : result;
        }
    }
}
