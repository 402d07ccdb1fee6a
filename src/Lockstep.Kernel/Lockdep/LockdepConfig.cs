namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// The Kconfig options lockdep's behaviour depends on. <see cref="CheckWaitContext"/> is
/// <c>check_wait_context()</c>, which the kernel runs whenever PROVE_LOCKING is on; with
/// <see cref="ProveRawLockNesting"/> off CONFIG equals SPIN, so only sleeping locks under spinning ones are
/// reported.
/// </summary>
public sealed record LockdepConfig(
    bool ProveRawLockNesting = true,
    bool PreemptRt = false,
    bool QueuedRwlocks = false,
    bool CheckWaitContext = true)
{
    public static LockdepConfig Default { get; } = new();

    /// <summary>
    /// <c>read_lock_is_recursive()</c>: a <c>read_lock()</c> on an rwlock_t is a recursive read unless the
    /// rwlocks are queued (and not PREEMPT_RT, whose rwlocks never are) and the reader is in task context.
    /// </summary>
    public LockReadMode RwlockReadMode(in IrqState ctx) =>
        !QueuedRwlocks || PreemptRt || ctx.InInterrupt ? LockReadMode.RecursiveRead : LockReadMode.Read;
}
