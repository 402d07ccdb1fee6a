namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// lockdep's per-held-lock <c>irq_context</c>: which context the lock was taken in. Dependencies are never
/// recorded across a context boundary (an interrupt does not make the interrupted task's locks its "prev").
/// </summary>
public enum LockIrqContext : byte
{
    Task = 0,
    Softirq = 1,
    Hardirq = 2,
}
