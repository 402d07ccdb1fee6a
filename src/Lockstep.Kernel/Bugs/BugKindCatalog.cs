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
        new(BugKind.BadUnlock, "bad-unlock", "WARNING: bad unlock balance detected!",
            "A lock is released by a thread that does not hold it (double unlock, unlock of a lock taken elsewhere).",
            "Pair every lock with exactly one unlock on every path, error paths included."),
        new(BugKind.LockHeldAtExit, "lock-held-at-exit", "WARNING: lock held when returning to user space! / BUG: <comm>/<pid> is exiting with locks still held! / BUG: workqueue leaked atomic, lock or RCU",
            "A task ends holding a lock: a kthread returning from its function reaches do_exit() (kernel/exit.c, debug_check_no_locks_held()); the model's main returns to user space as a syscall does (lockdep_sys_exit()); a work function returns to process_one_work() with a lock held (kernel/workqueue.c).",
            "Release every lock before returning, on every path; error paths are where a forgotten unlock usually hides."),
        new(BugKind.LockReinit, "lock-reinit", "WARNING: held lock freed! / DEBUG_LOCKS_WARN_ON",
            "A lock is (re)initialised while some thread holds it.",
            "Initialise locks once, before the object is published."),
        new(BugKind.NestLockNotHeld, "nest-lock-not-held", "WARNING: Nested lock was not taken",
            "A lock is taken with a nest lock annotation (spin_lock_nest_lock, mutex_lock_nest_lock, down_write_nest_lock, or ww_mutex_lock() with an acquire context, whose map is the nest lock) while the task does not hold that nest lock: the annotation claims an outer lock serialises taking several locks of this class, and it is not held (kernel/locking/lockdep.c, __lock_acquire(), print_lock_nested_lock_not_held()).",
            "Take the nest lock first (for ww_mutex: ww_acquire_init() before, ww_acquire_fini() after every lock of the context), or drop the annotation if nothing serialises the class."),
        new(BugKind.UseAfterFree, "use-after-free", "BUG: KASAN: slab-use-after-free in <func>",
            "Memory is accessed after kfree() (or after the frame that owned it returned); for pages, after the last put_page(). The report shows the access, then where the object was allocated and where it was freed (\"Freed by task N:\").",
            "Keep the object alive while others may reach it: unpublish, wait for readers (synchronize_rcu/srcu, or call_rcu/call_srcu), then free; or hold a reference (kref_get / refcount_inc) for as long as it is used."),
        new(BugKind.OutOfBounds, "out-of-bounds", "BUG: KASAN: slab-out-of-bounds in <func>",
            "An access lands past the end (or before the start) of a live object: an index or an offset computed beyond the object's size.",
            "Check the index against the object's size, or allocate what is accessed (kcalloc(n, size) for n elements)."),
        new(BugKind.DoubleFree, "double-free", "BUG: KASAN: double-free in <func>",
            "kfree() of an object that was already freed: two paths each believe they own the last reference.",
            "Give the object one owner, or count references (kref/refcount_t) so that exactly one put frees it."),
        new(BugKind.InvalidFree, "invalid-free", "BUG: KASAN: invalid-free in <func>",
            "kfree() of a pointer that is not the start of a live heap object (a pointer into the middle of one, or to a global).",
            "Free the pointer the allocation returned, and only heap memory."),
        new(BugKind.Refcount, "refcount", "refcount_t: underflow; use-after-free. / refcount_t: addition on 0; use-after-free.",
            "A refcount_t was decremented below zero, incremented from zero (a get on an object whose last reference is gone), or overflowed: lib/refcount.c saturates it and warns, since the object is being used after (or while) it is freed.",
            "Take a reference only while holding one (or under the lock/RCU section that keeps the object alive, with refcount_inc_not_zero / kref_get_unless_zero), and put each reference exactly once."),
        new(BugKind.WwMisuse, "ww-misuse", "DEBUG_LOCKS_WARN_ON(<ww_mutex check>)",
            "A ww_mutex acquire context is used against its rules (kernel/locking/ww_mutex.h and mutex.c debug checks): a lock taken after ww_acquire_done(), a context finished with locks still held, a lock taken without ww_mutex_lock_slow() after -EDEADLK before the contended lock was taken, or locks of different ww_classes in one context.",
            "Follow the wound/wait protocol: on -EDEADLK unlock everything, ww_mutex_lock_slow() the contended lock, then retry; call ww_acquire_done() only when all locks are held and ww_acquire_fini() only after unlocking them."),
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
            "Some thread loops forever — its states repeat — while every other thread that could run at some point of the loop gets its turn too (strong fairness): whatever waits for the looping thread (kthread_stop(), a completion, a lock it holds) waits forever. The trace is a lasso: the steps to the loop, then the loop, which repeats.",
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
