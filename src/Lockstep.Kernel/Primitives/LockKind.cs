namespace Lockstep.Kernel.Primitives;

/// <summary>The lock types the model knows; they decide blocking, sleeping and lockdep's wait type.</summary>
public enum LockKind
{
    Spin = 1,
    RawSpin = 2,
    RwLock = 3,
    Mutex = 4,
    RwSem = 5,
    Srcu = 6,
    /// <summary>rcu_read_lock(): lockdep's rcu_lock_map.</summary>
    Rcu = 7,
    /// <summary>A lockdep-only map (struct lockdep_map with lock_map_acquire).</summary>
    LockMap = 8,
    /// <summary>rcu_read_lock_sched(): lockdep's rcu_sched_lock_map, whose inner wait type is SPIN.</summary>
    RcuSched = 9,
    /// <summary>local_lock_t: a per-CPU lock, exclusive only on its own CPU (never blocks another thread).</summary>
    LocalLock = 10,
}

/// <summary>lockdep's <c>read</c> argument.</summary>
public enum AcquireMode
{
    Write = 0,
    Read = 1,
    RecursiveRead = 2,
}
