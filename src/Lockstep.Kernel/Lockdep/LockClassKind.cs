namespace Lockstep.Kernel.Lockdep;

/// <summary>What kind of kernel object a lockdep class stands for (it picks the default wait types and tells
/// reports what the lock is; in the graph only <see cref="PerCpu"/> matters, to the irq-usage searches).</summary>
public enum LockClassKind
{
    Spin,
    RawSpin,
    RwLock,
    Mutex,
    RwSem,
    Srcu,
    /// <summary>rcu_lock_map and rcu_bh_lock_map (kernel/rcu/update.c): inner CONFIG, outer FREE.</summary>
    Rcu,
    /// <summary>rcu_sched_lock_map: inner SPIN (preemption is off), outer FREE.</summary>
    RcuSched,
    /// <summary>local_lock_t's map, LD_LOCK_PERCPU (include/linux/local_lock_internal.h): a spinlock_t's wait
    /// types, and skipped when lockdep searches for irq-usage inversions (kernel/locking/lockdep.c, usage_skip():
    /// a per-CPU lock cannot be on the remote side of an irq inversion).</summary>
    PerCpu,
    /// <summary>A lockdep-only map (<c>struct lockdep_map</c> with <c>lock_map_acquire</c>).</summary>
    Pseudo,
}
