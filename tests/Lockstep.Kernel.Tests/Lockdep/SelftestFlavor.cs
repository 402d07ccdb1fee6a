namespace Lockstep.Kernel.Tests.Lockdep;

/// <summary>The lock API a locking-selftest-*.h header binds LOCK/UNLOCK/INIT to.</summary>
public enum SelftestFlavor
{
    /// <summary>spin_lock on a spinlock_t.</summary>
    Spin,
    /// <summary>write_lock on an rwlock_t.</summary>
    WLock,
    /// <summary>read_lock on an rwlock_t.</summary>
    RLock,
    Mutex,
    /// <summary>down_write.</summary>
    WSem,
    /// <summary>down_read.</summary>
    RSem,
}
