namespace Lockstep.Kernel.Lockdep;

/// <summary>lockdep's <c>read</c> argument to <c>lock_acquire</c>.</summary>
public enum LockReadMode : byte
{
    /// <summary>0: exclusive (write) acquisition.</summary>
    Exclusive = 0,
    /// <summary>1: shared, non-recursive reader (rwsem read, queued read_lock in task context).</summary>
    Read = 1,
    /// <summary>2: recursive reader (rwlock_t read_lock, srcu_read_lock, rcu_read_lock).</summary>
    RecursiveRead = 2,
}
