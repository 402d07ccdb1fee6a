namespace Lockstep.Machine.Execution;

/// <summary>
/// What a primitive does to the lock its first argument points to, as step merging needs to know it
/// (<see cref="Analysis.LockDiscipline"/>). The Kernel layer says which of its primitives acquire and release which
/// lock in which mode; the Machine knows no lock by name.
/// </summary>
public enum LockEffect
{
    /// <summary>Not a lock operation (or one that protects nothing: RCU and SRCU readers, lockdep maps, local locks).</summary>
    None,
    /// <summary>Takes the lock exclusively, blocking until it can (spin_lock, mutex_lock, write_lock, down_write).</summary>
    AcquireExclusive,
    /// <summary>Takes the lock shared with other readers, blocking until it can (read_lock, down_read).</summary>
    AcquireShared,
    /// <summary>Releases the lock, but is no left mover: it changes interrupt or bottom-half delivery, or releases a lock
    /// whose waiters queue (a rw_semaphore, a queued rwlock), so another thread's step can observe the order.</summary>
    Release,
    /// <summary>Releases a lock held exclusively and touches nothing another thread can observe except the lock word, which
    /// only blocked acquirers read: a left mover (Lipton), which may run in the same transition as the step before it.</summary>
    MovableRelease,
    /// <summary>Reads or writes the lock's state without blocking on it (a trylock, spin_is_locked, re-initialisation):
    /// such a step observes the order of a release, so releases of this lock must stay steps of their own.</summary>
    Inspects,
}

/// <summary>How the thread holds a lock (<see cref="IIntrinsicProvider.HeldMode"/>).</summary>
public enum LockHold
{
    /// <summary>Not held, or held in a way that excludes nobody (an RCU or SRCU reader, a per-CPU local lock).</summary>
    None,
    /// <summary>Held shared: other readers may hold it at the same time.</summary>
    Shared,
    /// <summary>Held exclusively.</summary>
    Exclusive,
}
