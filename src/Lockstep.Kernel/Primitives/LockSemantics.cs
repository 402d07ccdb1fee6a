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

    /// <summary>Can <paramref name="mode"/> be granted now? Readers of a rw_semaphore also wait for queued writers (it is fair).</summary>
    public static bool CanTake(IntrinsicCall call, long address, LockKind kind, AcquireMode mode)
    {
        if (!call.TryRead(address + LockObject.Owner, out var owner)) return true; // the step reports the bad access
        if (mode == AcquireMode.Write)
        {
            call.TryRead(address + LockObject.Count, out var readers);
            return owner == 0 && readers == 0;
        }
        if (owner != 0) return false;
        if (kind == LockKind.RwSem)
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
