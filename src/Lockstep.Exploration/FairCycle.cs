namespace Lockstep.Exploration;

/// <summary>
/// A reachable cycle of the state graph that a weakly fair scheduler may follow forever: every thread enabled in all
/// of its states takes a step in it. Nothing in it makes progress — the states repeat — so whatever waits for the
/// threads that loop waits forever. The transition system turns it into its own report (which threads loop, which
/// wait); the search only finds it.
/// </summary>
public sealed class FairCycle(IReadOnlyList<int> loopingThreads) : IBug
{
    /// <summary>The threads that take steps in the cycle, in first-step order.</summary>
    public IReadOnlyList<int> LoopingThreads { get; } = loopingThreads;
    public string Kind => "cycle";
    public string Title => $"threads {string.Join(", ", LoopingThreads)} loop forever";
}
