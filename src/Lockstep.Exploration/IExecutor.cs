namespace Lockstep.Exploration;

/// <summary>Runs a transition system's steps. Not thread-safe: one per worker.</summary>
public interface IExecutor
{
    byte[] InitialState();

    /// <summary>
    /// A promise about the calls that follow, up to the next <see cref="Focus"/>: every state they pass is the one
    /// fingerprinted <paramref name="state"/> (null: no promise). An executor that holds that state decoded may skip
    /// comparing the bytes it is given with it; equal fingerprints are equal states under the same assumption the
    /// fingerprint store makes. The default ignores it.
    /// </summary>
    void Focus(Fingerprint? state) { }

    /// <summary>Appends the enabled transitions of <paramref name="state"/>, in a deterministic order.</summary>
    void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled);

    /// <summary>Executes one transition. The successor span is owned by the executor and valid until its next call.</summary>
    StepResult Step(ReadOnlySpan<byte> state, Transition transition);

    /// <summary>Called only when GetEnabled returned nothing: null = valid end state, otherwise the bug (e.g. deadlock).</summary>
    IBug? CheckEndState(ReadOnlySpan<byte> state);

    /// <summary>
    /// Adds what <paramref name="transition"/> would read/write, for partial-order reduction.
    /// For a blocked thread (see <see cref="TryGetBlockedThreads"/>) the search asks for
    /// (thread, 0): what its blocked operation would touch once it can run.
    /// </summary>
    void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint);

    /// <summary>
    /// Appends the threads that exist in <paramref name="state"/> but have no enabled transition
    /// (waiting for a lock, a grace period, ...). Returns false when the executor cannot tell;
    /// persistent sets then never reduce (only sleep sets apply), because a blocked thread the
    /// search cannot see might be woken and conflict with the reduced set.
    /// </summary>
    bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked) => false;

    /// <summary>
    /// For a blocked thread: the thread whose exit alone can make it runnable again (it joins that thread), or -1 when
    /// the executor cannot say or other steps may wake it. A persistent set that holds the awaited thread can ignore
    /// the blocked thread's future: no step outside the set can wake it.
    /// </summary>
    int AwaitedExit(ReadOnlySpan<byte> state, int blockedThread) => -1;

    /// <summary>
    /// Adds everything <paramref name="thread"/> may read or write from <paramref name="state"/> on,
    /// in its next step and in any later one (an over-approximation, e.g. from the static call graph;
    /// it must include threads it may spawn). Persistent sets need this: a thread left out of the set
    /// may run several steps before the set does, and its later steps must not conflict with the set.
    /// The default marks the footprint Global, which disables persistent-set reduction.
    /// </summary>
    void GetFutureFootprint(ReadOnlySpan<byte> state, int thread, Footprint footprint) => footprint.Global = true;

    /// <summary>
    /// A fair cycle through <paramref name="state"/> in which <paramref name="looping"/> take steps: is it a failure
    /// to progress (someone waits for the looping threads, or they hold their CPU), or work that may go on forever
    /// (a service loop nobody waits for)? The default: every fair cycle is a failure.
    /// </summary>
    bool IsStuck(ReadOnlySpan<byte> state, IReadOnlyList<int> looping) => true;
}
