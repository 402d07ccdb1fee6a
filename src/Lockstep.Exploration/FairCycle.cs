namespace Lockstep.Exploration;

/// <summary>
/// A reachable cycle of the state graph that a strongly fair scheduler may follow forever: every thread enabled in any
/// of its states takes a step in it. Strong, not weak, fairness because that is what the kernel gives a waiter: a
/// queued spinlock and a mutex's hand-off serve waiters in order, and a woken task runs — a thread that can go at
/// some point of a loop is not passed over at that point for ever. Nothing in the cycle makes progress — the states
/// repeat — so whatever waits for the threads that loop waits forever. The transition system turns it into its own
/// report (which threads loop, which wait); the search only finds it.
/// </summary>
public sealed class FairCycle(IReadOnlyList<int> loopingThreads) : IBug
{
    /// <summary>The threads that take steps in the cycle, in first-step order.</summary>
    public IReadOnlyList<int> LoopingThreads { get; } = loopingThreads;
    public string Kind => "cycle";
    public string Title => $"threads {string.Join(", ", LoopingThreads)} loop forever";
}
