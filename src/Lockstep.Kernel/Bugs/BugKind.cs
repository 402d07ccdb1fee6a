namespace Lockstep.Kernel.Bugs;

/// <summary>
/// Every kind of bug Lockstep reports: the one vocabulary the primitives raise, the Checker decides on, the reports
/// print and <c>lockstep explain</c> explains. Names, report headers and explanations are in <see cref="BugKindCatalog"/>.
/// </summary>
public enum BugKind
{
    /// <summary>No thread can run and some have not finished (the hung-task detector's report).</summary>
    Deadlock,
    RecursiveLocking,
    CircularLocking,
    /// <summary>Inconsistent lock state, irq-safe to irq-unsafe order, irq lock inversion.</summary>
    IrqInversion,
    InvalidWaitContext,
    SleepInAtomic,
    BadUnlock,
    LockReinit,
    /// <summary>KASAN: use after free, out of bounds, double and invalid free.</summary>
    UseAfterFree,
    /// <summary>An oops on a NULL or wild pointer, or a call through a NULL function pointer.</summary>
    NullDereference,
    Assertion,
    WarnOn,
    BugOn,
    Invariant,
    /// <summary>A thread loops without any visible operation.</summary>
    Livelock,
    /// <summary>Threads loop forever (a fair cycle of states) while others wait for them.</summary>
    NonProgress,
    /// <summary>As <see cref="NonProgress"/>, with the looping thread unable to be preempted (the watchdog's report).</summary>
    SoftLockup,
}
