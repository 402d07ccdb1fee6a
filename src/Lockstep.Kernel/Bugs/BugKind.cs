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
    /// <summary>lockdep: a *_nest_lock() acquisition (or ww_mutex_lock() with a context) whose nest lock the task does not hold.</summary>
    NestLockNotHeld,
    /// <summary>KASAN: an access to freed memory (slab-use-after-free, or a page after its last put).</summary>
    UseAfterFree,
    /// <summary>KASAN: an access past the end of an object (slab-out-of-bounds).</summary>
    OutOfBounds,
    /// <summary>KASAN: kfree() of an object already freed.</summary>
    DoubleFree,
    /// <summary>KASAN: kfree() of a pointer that is not the start of a live heap object.</summary>
    InvalidFree,
    /// <summary>lib/refcount.c's saturation warnings (underflow, addition on 0, overflow, decrement hit 0).</summary>
    Refcount,
    /// <summary>The ww_mutex debug checks (kernel/locking/ww_mutex.h, DEBUG_LOCKS_WARN_ON on an acquire context).</summary>
    WwMisuse,
    /// <summary>A task ends holding locks: do_exit()'s "exiting with locks still held", the return to user space,
    /// or a work function that leaked a lock.</summary>
    LockHeldAtExit,
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
