namespace Lockstep.Kernel.Lockdep;

/// <summary>What kind of kernel object a lockdep class stands for (decides nothing in the graph; it picks
/// the default wait types and tells reports what the lock is).</summary>
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
    /// <summary>A lockdep-only map (<c>struct lockdep_map</c> with <c>lock_map_acquire</c>).</summary>
    Pseudo,
}
