using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>What went wrong in a step, as the Machine sees it. The provider of the primitives turns a fault into the
/// report its domain prints (for the Kernel: KASAN, an oops, the hung-task detector).</summary>
public enum FaultKind
{
    /// <summary>A load or store through a NULL, wild, freed or out-of-bounds pointer (<see cref="MachineFault.Access"/> says which).</summary>
    BadAccess,
    /// <summary>Freeing what is not the start of a live object: a double free (<see cref="AccessFault.Freed"/>) or an invalid one.</summary>
    BadFree,
    /// <summary>A call through a value that is not a function.</summary>
    BadCall,
    /// <summary>A trap instruction: the model's "cannot happen" (<see cref="MachineFault.Message"/> says what).</summary>
    Trap,
    DivideByZero,
    /// <summary>A thread's calls nest deeper than <see cref="MachineExecutor.MaxStackCells"/> allows (runaway recursion).</summary>
    StackOverflow,
    /// <summary>A thread ran <see cref="MachineExecutor.LocalInstructionLimit"/> instructions without a visible operation.</summary>
    Livelock,
    /// <summary>No thread can run, and some have not finished (<see cref="MachineFault.Blocked"/>).</summary>
    Deadlock,
    /// <summary>The search found a cycle that some threads (<see cref="MachineFault.Looping"/>) may follow forever, a
    /// strongly fair scheduler letting every other thread that could run at some point of it take its steps too: nothing progresses.</summary>
    NonProgress,
    /// <summary>An invariant evaluated to false after a step (<see cref="MachineFault.Message"/> is its name).</summary>
    InvariantViolated,
    /// <summary>An invariant wrote memory or called a primitive.</summary>
    InvariantImpure,
}

/// <summary>A thread that cannot run at a deadlock: what it waits for (the primitive's own words) and where.</summary>
public sealed record BlockedThread(int Thread, string Name, string Waits, SourceSite? Site, IReadOnlyList<string> Backtrace);

/// <summary>
/// A typed fault with the facts a report needs, captured when it happened (the state moves on afterwards). It holds
/// no domain text: <see cref="IIntrinsicProvider.Describe"/> renders it.
/// </summary>
public sealed record MachineFault(FaultKind Kind, int Thread, string ThreadName, int Site)
{
    /// <summary>Where it happened in the model, if anywhere.</summary>
    public SourceSite? Location { get; init; }
    /// <summary>The faulting thread's call chain, outermost first, as "function (file:line)".</summary>
    public IReadOnlyList<string> Backtrace { get; init; } = [];
    /// <summary>The pointer accessed, freed or called.</summary>
    public long Address { get; init; }
    public bool Write { get; init; }
    public AccessFault Access { get; init; }
    /// <summary>Where the object <see cref="Address"/> points into was allocated.</summary>
    public SourceSite? AllocationSite { get; init; }
    /// <summary>The thread that allocated that object (-1: a global).</summary>
    public int AllocatedBy { get; init; } = -1;
    /// <summary>For a freed object: the thread that freed it (-1: its frame returned) and the free's call chain, outermost first.</summary>
    public int FreedBy { get; init; } = -1;
    public IReadOnlyList<string> FreeBacktrace { get; init; } = [];
    /// <summary>The size in cells of the object the pointer points into (0 when there is none).</summary>
    public int ObjectCells { get; init; }
    /// <summary>A trap's message, or an invariant's name.</summary>
    public string Message { get; init; } = "";
    /// <summary>For an invariant: where it is defined, and the operation of the step that broke it.</summary>
    public SourceSite? DefinitionSite { get; init; }
    public string Operation { get; init; } = "";
    /// <summary>For a deadlock: every thread that cannot run, first the one the report leads with. For non-progress: the
    /// threads that wait (in vain) while others loop.</summary>
    public IReadOnlyList<BlockedThread> Blocked { get; init; } = [];
    /// <summary>For non-progress: the threads that loop (where each is in the repeating state), and how many steps
    /// the cycle has.</summary>
    public IReadOnlyList<BlockedThread> Looping { get; init; } = [];
    public int CycleSteps { get; init; }
    /// <summary>The faulting thread's provider context cells as they were (opaque to the Machine).</summary>
    public IReadOnlyList<long> Context { get; init; } = [];
}
