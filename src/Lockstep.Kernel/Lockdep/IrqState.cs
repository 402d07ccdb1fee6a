namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// The interrupt state of the acquiring task as lockdep sees it: whether it runs a hard/soft interrupt handler,
/// and whether hard/soft interrupts are enabled. <see cref="HardirqThreaded"/> is
/// <c>lockdep_hardirq_threaded()</c>: the handler would be force-threaded, so it may take spinlock_t
/// (its wait context is CONFIG instead of SPIN).
/// </summary>
public readonly record struct IrqState(
    bool InHardirq,
    bool InSoftirq,
    bool HardirqsEnabled,
    bool SoftirqsEnabled,
    bool HardirqThreaded = false)
{
    /// <summary>Plain task context with every interrupt enabled.</summary>
    public static IrqState TaskEnabled => new(false, false, true, true);

    /// <summary>The <see cref="LockIrqContext"/> a lock taken now belongs to.</summary>
    public LockIrqContext Context =>
        InHardirq ? LockIrqContext.Hardirq : InSoftirq ? LockIrqContext.Softirq : LockIrqContext.Task;

    /// <summary><c>in_interrupt()</c>: hard or soft interrupt context.</summary>
    public bool InInterrupt => InHardirq || InSoftirq;
}
