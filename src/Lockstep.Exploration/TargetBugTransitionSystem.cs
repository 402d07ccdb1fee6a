namespace Lockstep.Exploration;

/// <summary>
/// Searches for one bug rather than for any: a step or an end state whose bug <paramref name="isTarget"/> does not
/// accept ends its path silently (the step is a dead end, reported as past a bound: the result's verdict says
/// nothing then, only its bugs count). A breadth-first search over it returns the shortest path to the bug it looks
/// for even when another bug is nearer to the initial state — which is what shortening a counterexample needs.
/// </summary>
public sealed class TargetBugTransitionSystem(ITransitionSystem inner, Func<IBug, bool> isTarget) : ITransitionSystem
{
    /// <summary>What a path that ended on another bug counts as.</summary>
    public const string OtherBug = "the path reached another bug than the one searched for";

    public IExecutor CreateExecutor() => new TargetExecutor(inner.CreateExecutor(), isTarget);

    private sealed class TargetExecutor(IExecutor inner, Func<IBug, bool> isTarget) : IExecutor
    {
        public byte[] InitialState() => inner.InitialState();
        public void Focus(Fingerprint? state) => inner.Focus(state);
        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled) => inner.GetEnabled(state, enabled);
        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint) => inner.GetFootprint(state, transition, footprint);
        public bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked) => inner.TryGetBlockedThreads(state, blocked);
        public int AwaitedExit(ReadOnlySpan<byte> state, int blockedThread) => inner.AwaitedExit(state, blockedThread);
        public void GetFutureFootprint(ReadOnlySpan<byte> state, int thread, Footprint footprint) => inner.GetFutureFootprint(state, thread, footprint);
        public bool IsStuck(ReadOnlySpan<byte> state, IReadOnlyList<int> looping) => inner.IsStuck(state, looping);

        public IBug? CheckEndState(ReadOnlySpan<byte> state) => inner.CheckEndState(state) is { } bug && isTarget(bug) ? bug : null;

        public StepResult Step(ReadOnlySpan<byte> state, Transition transition)
        {
            var result = inner.Step(state, transition);
            return result.Bug is { } bug && !isTarget(bug)
                ? new StepResult { Successor = result.Successor, BoundExceeded = OtherBug }
                : result;
        }
    }
}
