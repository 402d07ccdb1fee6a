using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// The shared rules of every blocking lock: when an acquisition can proceed, what it does to the lock cells and to
/// the thread's context, and the reverse on release. Configuration decides whether spinlock_t and rwlock_t sleep (RT).
/// </summary>
public static class LockSemantics
{
    public static bool Sleeps(LockKind kind, KernelConfig config) => kind switch
    {
        LockKind.Mutex or LockKind.RwSem => true,
        LockKind.Spin or LockKind.RwLock => config.PreemptRt,
        _ => false,
    };

    /// <summary>
    /// Does a writer that must wait queue itself, so that later readers wait behind it? A rw_semaphore's does (it is
    /// fair), and so does a queued rwlock's (CONFIG_QUEUED_RWLOCKS, kernel/locking/qrwlock.c: queued_write_lock_slowpath()
    /// sets _QW_WAITING). On PREEMPT_RT rwlock_t is an rtmutex-based rwbase, which this model does not queue.
    /// </summary>
    public static bool WriterQueues(LockKind kind, KernelConfig config) =>
        kind == LockKind.RwSem || kind == LockKind.RwLock && config.QueuedRwlocks && !config.PreemptRt;

    /// <summary>
    /// Does a reader wait behind a queued writer? Always for a rw_semaphore; for a queued rwlock only in task context:
    /// queued_read_lock_slowpath() lets a reader in interrupt context in as soon as no writer holds the lock, so that
    /// an interrupt handler's read_lock() cannot deadlock against the interrupted reader.
    /// </summary>
    public static bool ReaderWaitsForQueuedWriters(IntrinsicCall call, LockKind kind, KernelConfig config)
    {
        if (kind == LockKind.RwSem) return true;
        if (!WriterQueues(kind, config)) return false;
        var ctx = KernelContext.Of(call.Thread);
        return ctx.Hardirq == 0 && ctx.Softirq == 0;
    }

    /// <summary>Can <paramref name="mode"/> be granted now? Readers of a rw_semaphore or a queued rwlock also wait for
    /// queued writers (see <see cref="ReaderWaitsForQueuedWriters"/>).</summary>
    public static bool CanTake(IntrinsicCall call, long address, LockKind kind, AcquireMode mode, KernelConfig config)
    {
        if (!call.TryRead(address + LockObject.Owner, out var owner)) return true; // the step reports the bad access
        if (mode == AcquireMode.Write)
        {
            call.TryRead(address + LockObject.Count, out var readers);
            return owner == 0 && readers == 0;
        }
        if (owner != 0) return false;
        if (ReaderWaitsForQueuedWriters(call, kind, config))
        {
            call.TryRead(address + LockObject.Waiters, out var waiters);
            return waiters == 0;
        }
        return true;
    }

    public static void Take(IntrinsicCall call, long address, AcquireMode mode)
    {
        if (mode == AcquireMode.Write) call.Write(address + LockObject.Owner, call.ThreadId + 1);
        else call.Write(address + LockObject.Count, call.Read(address + LockObject.Count) + 1);
    }

    /// <summary>Whether holding a lock of this kind keeps other threads out (exclusively, or all but other readers): the
    /// locks step merging may take as a cell's guard. RCU and SRCU readers, lockdep maps and local locks exclude nobody.</summary>
    public static bool Excludes(LockKind kind) => kind is LockKind.Spin or LockKind.RawSpin or LockKind.RwLock or LockKind.Mutex or LockKind.RwSem;

    public static void Drop(IntrinsicCall call, long address, AcquireMode mode)
    {
        if (mode == AcquireMode.Write) call.Write(address + LockObject.Owner, 0);
        else call.Write(address + LockObject.Count, call.Read(address + LockObject.Count) - 1);
    }

    /// <summary>Context changes on acquisition; returns the saved irq state for _irqsave.</summary>
    public static long EnterContext(ModelThread thread, LockKind kind, LockFlavor flavor, KernelConfig config)
    {
        var ctx = KernelContext.Of(thread);
        long saved = ctx.IrqsOff;
        var rtSleeping = config.PreemptRt && kind is LockKind.Spin or LockKind.RwLock;
        if (flavor == LockFlavor.Bh) ctx.BhOff++;
        // On PREEMPT_RT spin_lock_irq() and friends leave interrupts enabled: the lock is a sleeping rtmutex.
        if (flavor is LockFlavor.Irq or LockFlavor.IrqSave && !rtSleeping) ctx.IrqsOff = 1;
        if (rtSleeping)
        {
            // rt_spin_lock(): rcu_read_lock() and migrate_disable() once the lock is held.
            ctx.RcuNesting++;
            ctx.Migrate++;
        }
        else if (kind is LockKind.Spin or LockKind.RawSpin or LockKind.RwLock)
        {
            ctx.Preempt++;
        }
        return saved;
    }

    public static void LeaveContext(ModelThread thread, LockKind kind, LockFlavor flavor, long savedIrq, KernelConfig config)
    {
        var ctx = KernelContext.Of(thread);
        var rtSleeping = config.PreemptRt && kind is LockKind.Spin or LockKind.RwLock;
        if (rtSleeping)
        {
            ctx.RcuNesting = Math.Max(0, ctx.RcuNesting - 1);
            ctx.Migrate = Math.Max(0, ctx.Migrate - 1);
        }
        else if (kind is LockKind.Spin or LockKind.RawSpin or LockKind.RwLock)
        {
            ctx.Preempt = Math.Max(0, ctx.Preempt - 1);
        }
        if (flavor == LockFlavor.Irq && !rtSleeping) ctx.IrqsOff = 0;
        if (flavor == LockFlavor.IrqSave && !rtSleeping) ctx.IrqsOff = savedIrq;
        if (flavor == LockFlavor.Bh) ctx.BhOff = Math.Max(0, ctx.BhOff - 1);
    }
}
