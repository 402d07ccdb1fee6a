namespace Lockstep.Kernel.Bugs;

/// <summary>
/// One bug kind: its name (as JSON, SARIF and the CLI spell it), what the kernel prints for it, what it means, the
/// usual ways out, and whether lockdep predicts it from dependencies recorded on other paths.
/// </summary>
public sealed record BugKindInfo(BugKind Kind, string Name, string KernelReport, string Meaning, string Remedy, bool Predictive = false);

/// <summary>The definition of every <see cref="BugKind"/>: the only place a kind's name is spelled.</summary>
public static class BugKindCatalog
{
    public static readonly IReadOnlyList<BugKindInfo> All =
    [
        new(BugKind.Deadlock, "deadlock", "INFO: task <comm>:<pid> blocked for more than 120 seconds.",
            "No thread can run and some thread has not finished: every remaining thread waits (on a lock, a grace period, a completion, a wake-up) for something only a waiting thread could do. The report says what each thread waits for.",
            "Break the cycle of waiting: take locks in one order, never wait for a grace period inside its own read side, make sure every sleeper has a waker."),
        new(BugKind.RecursiveLocking, "recursive-locking", "WARNING: possible recursive locking detected",
            "A thread acquires a lock class it already holds (for SRCU: synchronize_srcu() inside a read section of the same srcu_struct). Lockdep reports it before the thread hangs on itself.",
            "Do not re-acquire; if two different locks of one class are meant, annotate with *_nested() or *_nest_lock(); for SRCU, leave the read side (or defer the work, e.g. call_srcu()) before waiting for a grace period."),
        new(BugKind.CircularLocking, "circular-locking", "WARNING: possible circular locking dependency detected",
            "Two (or more) lock classes are taken in opposite orders on different paths; lockdep predicts the ABBA deadlock from the orders it has seen anywhere in the search, even if the hanging interleaving was not reached.",
            "Fix a global order for the classes in the chain and take them in that order everywhere (or drop one lock before taking the other).",
            Predictive: true),
        new(BugKind.IrqInversion, "irq-inversion", "WARNING: inconsistent lock state / WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected",
            "A lock is used in interrupt (or softirq) context and also taken with interrupts (softirqs) enabled, directly or through a chain: an interrupt arriving while the lock is held spins on it forever.",
            "Disable interrupts (spin_lock_irqsave) or bottom halves (spin_lock_bh) wherever the lock is taken outside that context.",
            Predictive: true),
        new(BugKind.InvalidWaitContext, "invalid-wait-context", "[ BUG: Invalid wait context ]",
            "With PROVE_RAW_LOCK_NESTING: a lock that may sleep on PREEMPT_RT (spinlock_t, rwlock_t, mutex) is taken inside one that may not (raw_spinlock_t, hard irq context).",
            "Use a raw_spinlock_t for the inner lock, or restructure so the sleeping lock is taken outside the raw section."),
        new(BugKind.SleepInAtomic, "sleep-in-atomic", "BUG: sleeping function called from invalid context at <file>:<line>",
            "Something that may sleep (mutex, rwsem, synchronize_*, GFP_KERNEL allocation, and on PREEMPT_RT spinlock_t/rwlock_t) runs with preemption or interrupts disabled, inside an RCU read side, or inside non_block_start()/non_block_end(). The in_atomic / irqs_disabled / non_block / RCU nest depth lines say which.",
            "Move the sleeping call out of the atomic section, use a non-sleeping variant (GFP_ATOMIC, trylock), or defer it to a work item."),
        new(BugKind.BadUnlock, "bad-unlock", "WARNING: bad unlock balance detected! / WARNING: lock held when returning to user space!",
            "A lock is released by a thread that does not hold it (double unlock, unlock of a lock taken elsewhere), or a thread ends still holding a lock.",
            "Pair every lock with exactly one unlock on every path, error paths included."),
        new(BugKind.LockReinit, "lock-reinit", "WARNING: held lock freed! / DEBUG_LOCKS_WARN_ON",
            "A lock is (re)initialised while some thread holds it.",
            "Initialise locks once, before the object is published."),
        new(BugKind.UseAfterFree, "use-after-free", "BUG: KASAN: slab-use-after-free in <func>",
            "Memory is accessed after kfree() (or after the frame that owned it returned); for pages, after the last put_page(). Also double and invalid frees.",
            "Keep the object alive while others may reach it: unpublish, wait for readers (synchronize_rcu/srcu, or call_rcu/call_srcu), then free; or hold a reference."),
        new(BugKind.NullDereference, "null-deref", "BUG: kernel NULL pointer dereference, address: ...",
            "A NULL or wild pointer is dereferenced, or a NULL function pointer (an ops member not set) is called.",
            "Check the pointer, or set the ops member, on every path that can reach the access."),
        new(BugKind.Assertion, "assertion", "<file>:<line>: <func>: Assertion `<expr>' failed.",
            "A model-level assert() does not hold in some interleaving.",
            "Read the interleaving: it is the shortest (with --search bfs) path to the failure."),
        new(BugKind.WarnOn, "warn-on", "WARNING: CPU: 0 PID: <pid> at <file>:<line> <func>",
            "A WARN_ON()/WARN_ON_ONCE() condition is true in some interleaving (Lockstep treats warnings as panic_on_warn does), or RCU_LOCKDEP_WARN fires (\"suspicious RCU usage\").",
            "The kernel's own consistency check fired: the interleaving shows how the state it checks was reached."),
        new(BugKind.BugOn, "bug-on", "kernel BUG at <file>:<line>!",
            "A BUG_ON() condition is true, control reached the end of a non-void function, or a division by zero traps.",
            "As for warn-on."),
        new(BugKind.Invariant, "invariant", "invariant '<name>' violated",
            "A LOCKSTEP_INVARIANT of the model is false after some step; the report names the step that broke it.",
            "The invariant states the protocol's promise (e.g. no SPTE maps a page the primary MMU no longer maps): the trace shows the interleaving that breaks it."),
        new(BugKind.Livelock, "livelock", "<thread> runs without a visible operation",
            "A thread loops forever without touching shared state (or an invariant does not terminate).",
            "Bound the loop or make it wait on something another thread changes."),
        new(BugKind.NonProgress, "non-progress", "INFO: task <comm>:<pid> blocked for more than 120 seconds. (the waiters of a thread that spins forever)",
            "Some thread loops forever — its states repeat — while every other thread that could run gets its turn too (weak fairness): whatever waits for the looping thread (kthread_stop(), a completion, a lock it holds) waits forever. The trace is a lasso: the steps to the loop, then the loop, which repeats.",
            "Give the loop's exit condition a writer (the store the waiter forgot), or sleep instead of spinning (wait_event() on a wait queue that someone wakes)."),
        new(BugKind.SoftLockup, "soft-lockup", "watchdog: BUG: soft lockup - CPU#<n> stuck for <s>s! [<comm>:<pid>]",
            "A thread spins forever with preemption or interrupts disabled (a spinlock held on !PREEMPT_RT, preempt_disable(), irqs off): its CPU never schedules anything else, and the soft-lockup watchdog fires.",
            "Do not spin on a condition under a spinlock or with preemption off; drop the lock and sleep, or bound the wait."),
    ];

    private static readonly BugKindInfo[] ByKind = Index();

    private static BugKindInfo[] Index()
    {
        var byKind = new BugKindInfo[Enum.GetValues<BugKind>().Length];
        foreach (var info in All) byKind[(int)info.Kind] = info;
        return byKind;
    }

    public static BugKindInfo Info(this BugKind kind) => ByKind[(int)kind];

    /// <summary>The kind's name as every report spells it: <c>recursive-locking</c>, <c>use-after-free</c>, ...</summary>
    public static string Name(this BugKind kind) => ByKind[(int)kind].Name;

    /// <summary>The kind a report name stands for (case-insensitive), or null.</summary>
    public static BugKindInfo? Find(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
}
