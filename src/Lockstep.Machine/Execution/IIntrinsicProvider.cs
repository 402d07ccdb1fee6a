namespace Lockstep.Machine.Execution;

/// <summary>
/// The set of primitives a program runs against, plus the per-thread kernel state they keep in the state vector.
/// Created per model check (it may hold configuration and shared analysis state such as a lockdep graph). The members
/// with a body are what a provider without threads' kernel state, interrupts or reports of its own needs.
/// </summary>
public interface IIntrinsicProvider : IIntrinsicCatalog
{
    IIntrinsic Resolve(string name);
    /// <summary>Fixed number of kernel context cells every thread carries (preempt count, irq state, ...).</summary>
    int ThreadContextCells { get; }
    /// <summary>Bit mask of the context cells a primitive of another thread may read or write (a task state that a
    /// wake-up sets, a stop request): every access to them must be in a footprint. The other cells are private to
    /// their thread (the <see cref="FootprintAuditor"/> checks that claim).</summary>
    ulong SharedContextCells => 0;
    /// <summary>Bit mask of the context cells <see cref="PendingInterrupts"/> reads: only a scheduling point may change them.</summary>
    ulong DeliveryContextCells => 0;
    /// <summary>Called when a thread's top function returns, before it is marked finished (e.g. to report a lock still held). May fail the step.</summary>
    void OnThreadExit(IntrinsicCall call) { }
    /// <summary>How many interrupt sources may fire on the thread <paramref name="call"/> is bound to, right now.</summary>
    int PendingInterrupts(IntrinsicCall call) => 0;
    /// <summary>Fires interrupt source <paramref name="source"/> on the bound thread: updates the kernel context and
    /// returns the handler (a function pointer) and its two arguments — or handler 0 when the arrival only changes
    /// the provider's state (e.g. it hands the CPU to another thread's code: see <see cref="IsSuspended"/>).</summary>
    (long Handler, long Arg0, long Arg1) EnterInterrupt(IntrinsicCall call, int source) =>
        throw new InvalidOperationException("this provider has no interrupt sources");
    /// <summary>The handler returned: restore the interrupted context.</summary>
    void ExitInterrupt(IntrinsicCall call) { }
    /// <summary>True while the bound thread cannot run because its CPU runs something else on its behalf (an
    /// interrupt's work carried out by another thread): it has no transition then.</summary>
    bool IsSuspended(IntrinsicCall call) => false;
    /// <summary>True when the bound thread, were it to loop forever, would keep its CPU from everything else (the kernel:
    /// preemption or interrupts off) — a failure even if nobody waits for it.</summary>
    bool HoldsItsCpu(IntrinsicCall call) => false;
    /// <summary>Why the bound thread is suspended, for a report when it never runs again.</summary>
    string DescribeSuspension(IntrinsicCall call) => "suspended";
    /// <summary>Renders a fault the Machine found (a bad access, a deadlock, ...) as the report this provider's domain
    /// prints. Without a domain: the fault's own name, with the fault as the detail.</summary>
    MachineBug Describe(MachineFault fault) => new(fault.Kind.ToString(), $"{fault.Kind} at {fault.Location}", fault.Message, fault.Thread, fault.Site, fault);
    /// <summary>How the bound thread holds the lock at <paramref name="lockAddress"/> (step merging checks a cell's guard
    /// with it). Without a domain nobody holds anything.</summary>
    LockHold HeldMode(IntrinsicCall call, long lockAddress) => LockHold.None;
    /// <summary>Called once when a program is loaded against this provider (e.g. to intern the names of kernel threads).</summary>
    void Attach(LoadedProgram program) { }
}
