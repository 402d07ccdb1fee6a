namespace Lockstep.Machine.Execution;

/// <summary>How the interpreter treats a primitive.</summary>
public enum IntrinsicKind
{
    /// <summary>Touches only the calling thread (assert, might_sleep, preempt_disable...): runs inline, never blocks, and is
    /// no scheduling point — unless a call offers several outcomes (<see cref="IIntrinsic.ChoiceCount"/> above 1), which
    /// the search must choose between: such a call is a step of its own.</summary>
    Local,
    /// <summary>A scheduling point: the thread parks before it, and it may block or offer several choices.</summary>
    Visible,
}

/// <summary>What a primitive may touch, known without running it: used to bound what a thread can still do.</summary>
[Flags]
public enum StaticFootprint
{
    /// <summary>Nothing shared (thread-local context, pure values).</summary>
    None = 0,
    /// <summary>The object its first pointer argument points to (a lock, a counter, a wait queue ...).</summary>
    ArgumentObject = 1,
    /// <summary>Thread states, wake-ups and stop requests (kthread_stop, wake_up_process).</summary>
    Tasks = 2,
    /// <summary>Anything (creates threads, frees memory, registers interrupts).</summary>
    Global = 4,
    /// <summary>Registers code that may from then on run on any thread between any two steps (an interrupt handler):
    /// no static bound on a thread's future holds in a program that calls it.</summary>
    RunsAnywhere = 8,
    /// <summary>Starts a thread running a function its arguments name, and passes its arguments on (they escape). The
    /// step writes the thread table (<see cref="ThreadLocations.ThreadTable"/>) and the new thread's status; what the
    /// new thread will do belongs to the creator's future (every address-taken function).</summary>
    Spawns = 16,
    /// <summary>Reads its own thread's task state and stop request (and writes nothing of another thread's): weaker than
    /// <see cref="Tasks"/>, so two such reads do not conflict.</summary>
    ReadsTasks = 32,
    /// <summary>Waits for another thread's exit (kthread_stop): dependent with thread exits.</summary>
    AwaitsExit = 64,
}

/// <summary>What a primitive's execution did.</summary>
public enum IntrinsicOutcome
{
    /// <summary>Finished: the result (if any) is stored and the thread moves past the call.</summary>
    Done,
    /// <summary>One phase done; the thread stays at the call (its scratch slot remembers the phase) and the step ends.</summary>
    Again,
}

/// <summary>
/// A kernel primitive as the interpreter sees it. Implementations live in the Kernel layer; the Machine only knows this
/// contract. All methods get the same reusable <see cref="IntrinsicCall"/> describing the call being evaluated.
/// </summary>
public interface IIntrinsic
{
    string Name { get; }
    IntrinsicKind Kind { get; }
    /// <summary>Can the parked call proceed now? A call that would report a bug (e.g. sleeping in atomic context) must say true so the step reports it.</summary>
    bool IsEnabled(IntrinsicCall call);
    /// <summary>Number of nondeterministic outcomes (nondet_int); the step gets <see cref="IntrinsicCall.Choice"/> in 0..n-1.</summary>
    int ChoiceCount(IntrinsicCall call);
    /// <summary>Performs the primitive. Throws <see cref="MachineFaultException"/> (via <see cref="IntrinsicCall.Fail"/>) for a bug.</summary>
    IntrinsicOutcome Execute(IntrinsicCall call);
    /// <summary>What any call of this primitive may touch, for the static bound on a thread's future.</summary>
    StaticFootprint Static { get; }
    /// <summary>What the call reads and writes (for partial-order reduction).</summary>
    void AddFootprint(IntrinsicCall call, IFootprintSink sink);
    /// <summary>What a thread blocked here waits for, for deadlock reports.</summary>
    string DescribeWait(IntrinsicCall call);
    /// <summary>True when being blocked here is a daemon's idle wait: a valid end state once every other thread is done.</summary>
    bool IsIdleWait(IntrinsicCall call);
    /// <summary>True for a check (an assertion): its call fails the step when its condition does not hold. Coverage lists
    /// checks apart, since a correct model never takes their failing side.</summary>
    bool IsCheck => false;
    /// <summary>What the choice the step took means, in a few words for traces ("kmalloc failed (GFP_ATOMIC)"); null for
    /// the plain outcome. Called after <see cref="Execute"/>.</summary>
    string? DescribeChoice(IntrinsicCall call) => null;
    /// <summary>What the primitive does to the lock its first argument points to (step merging); none by default.</summary>
    LockEffect Lock => LockEffect.None;
    /// <summary>For a call that cannot proceed (<see cref="IsEnabled"/> false): the thread whose exit alone can let it
    /// proceed (a join), or -1 when other steps may too. Partial-order reduction need not fear a thread blocked here as
    /// long as the awaited thread is in the reduced set: no step outside the set can wake it.</summary>
    int AwaitedExit(IntrinsicCall call) => -1;
}
