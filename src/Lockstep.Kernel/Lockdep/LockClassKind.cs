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
    Rcu,
    /// <summary>A lockdep-only map (<c>struct lockdep_map</c> with <c>lock_map_acquire</c>).</summary>
    Pseudo,
}
