namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// lockdep's <c>enum lockdep_wait_type</c> by meaning. The number lockdep prints and compares depends on
/// <c>CONFIG_PROVE_RAW_LOCK_NESTING</c>: with it CONFIG is its own level (3) and SLEEP is 4; without it
/// CONFIG collapses onto SPIN (2) and SLEEP is 3. <see cref="LockWaitTypes.Level"/> does that mapping.
/// </summary>
public enum LockWaitType : byte
{
    /// <summary>LD_WAIT_INV: not checked and imposes no limit (pseudo locks, SRCU maps).</summary>
    Invalid = 0,
    /// <summary>LD_WAIT_FREE: wait-free (RCU's outer type).</summary>
    Free = 1,
    /// <summary>LD_WAIT_SPIN: raw_spinlock_t.</summary>
    Spin = 2,
    /// <summary>LD_WAIT_CONFIG: spinlock_t / rwlock_t (sleeping under PREEMPT_RT).</summary>
    Config = 3,
    /// <summary>LD_WAIT_SLEEP: mutex, rw_semaphore.</summary>
    Sleep = 4,
    /// <summary>LD_WAIT_MAX: the limit of a plain task context.</summary>
    Max = 5,
}

/// <summary>Numeric wait-type levels as lockdep computes and prints them.</summary>
public static class LockWaitTypes
{
    /// <summary>The value lockdep prints in <c>-{outer:inner}</c> and compares in <c>check_wait_context</c>.</summary>
    public static int Level(LockWaitType type, bool proveRawLockNesting) => type switch
    {
        LockWaitType.Invalid => 0,
        LockWaitType.Free => 1,
        LockWaitType.Spin => 2,
        LockWaitType.Config => proveRawLockNesting ? 3 : 2,
        LockWaitType.Sleep => proveRawLockNesting ? 4 : 3,
        _ => proveRawLockNesting ? 5 : 4,
    };

    /// <summary>The (inner, outer) wait types the kernel's lock initialisers give each kind.</summary>
    public static (LockWaitType Inner, LockWaitType Outer) Defaults(LockClassKind kind) => kind switch
    {
        LockClassKind.RawSpin => (LockWaitType.Spin, LockWaitType.Invalid),
        LockClassKind.Spin or LockClassKind.RwLock or LockClassKind.PerCpu => (LockWaitType.Config, LockWaitType.Invalid),
        LockClassKind.Mutex or LockClassKind.RwSem => (LockWaitType.Sleep, LockWaitType.Invalid),
        // rcu_lock_map: STATIC_LOCKDEP_MAP_INIT with outer FREE, inner CONFIG → prints {1:3}.
        LockClassKind.Rcu => (LockWaitType.Config, LockWaitType.Free),
        // rcu_sched_lock_map: outer FREE, inner SPIN → prints {1:2}.
        LockClassKind.RcuSched => (LockWaitType.Spin, LockWaitType.Free),
        _ => (LockWaitType.Invalid, LockWaitType.Invalid),
    };
}
