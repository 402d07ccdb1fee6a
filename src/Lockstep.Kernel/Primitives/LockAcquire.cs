using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// spin_lock, raw_spin_lock, read_lock/write_lock, mutex_lock, down_read/down_write and their _irq/_irqsave/_bh,
/// _nested and _trylock forms. Argument 0 is the lock; a _nested form takes the lockdep subclass as argument 1.
/// A _nest_lock form takes the outer lock that serialises this class as argument 1 (lockdep then allows several
/// locks of one class to be held at once). A trylock never blocks and returns 1 when it took the lock. An _irqsave form returns the saved irq state.
/// A writer that must wait on a rw_semaphore, or on an rwlock_t with CONFIG_QUEUED_RWLOCKS, first queues itself (one
/// step), so that new readers wait behind it, as the kernel's fair rwsem and its queued rwlocks do (readers in
/// interrupt context excepted for the rwlock).
/// </summary>
public sealed class LockAcquire(string name, KernelServices kernel, LockKind kind, AcquireMode mode,
    LockFlavor flavor = LockFlavor.Plain, bool trylock = false, bool nested = false, bool nestLock = false)
    : Primitive(name, IntrinsicKind.Visible, kernel)
{
    private const long Queued = 1;

    private AcquireMode EffectiveMode(IntrinsicCall call)
    {
        // lockdep: read_lock() on an rwlock_t is a recursive read (in task context only without QUEUED_RWLOCKS);
        // a rw_semaphore reader is a plain, non-recursive read.
        if (mode != AcquireMode.Read || kind != LockKind.RwLock) return mode;
        var ctx = KernelContext.Of(call.Thread);
        var inIrq = ctx.Hardirq > 0 || ctx.Softirq > 0;
        return inIrq || !Kernel.Config.QueuedRwlocks ? AcquireMode.RecursiveRead : AcquireMode.Read;
    }

    public override bool IsEnabled(IntrinsicCall call)
    {
        if (trylock) return true;
        var address = call.Arg(0);
        var lockMode = mode == AcquireMode.Write ? AcquireMode.Write : AcquireMode.Read;
        if (call.Scratch == Queued) return LockSemantics.CanTake(call, address, kind, lockMode, Kernel.Config) || WaitersOnly(call, address);
        if (LockSemantics.CanTake(call, address, kind, lockMode, Kernel.Config)) return true;
        // A writer of a rwsem (or of a queued rwlock) enqueues itself in a step of its own.
        if (WriterQueues && mode == AcquireMode.Write) return true;
        // Steps that would be reported must be able to run: lockdep sees a lock this thread already holds,
        // and __might_resched sees a sleeping lock taken where sleeping is not allowed.
        if (Kernel.Config.Lockdep && HeldLocks.Of(call.Thread).Holds(address)) return true;
        // ... and lockdep sees a cycle the blocked acquisition would close, before the task blocks on it.
        if (call.Scratch == 0 && Kernel.Lockdep.WouldReportDeadlock(call, Entry(call, address), nestLock ? call.Arg(1) : 0)) return true;
        return Sleeps && Kernel.Sleep.WouldReport(call, kind is LockKind.Spin or LockKind.RwLock ? SleepCheck.Sleeper.RtSpinLock : SleepCheck.Sleeper.Sleeping);
    }

    private HeldEntry Entry(IntrinsicCall call, long address) =>
        new(address, LockObject.ClassKey(call, address), kind, EffectiveMode(call),
            nested ? (int)call.Arg(1) : 0, trylock, call.Site, Kernel.Lockdep.IrqContextOf(call.Thread));

    private static bool WaitersOnly(IntrinsicCall call, long address)
    {
        // The queued writer itself counts in __waiters; it may take the lock once there is no owner and no reader.
        call.TryRead(address + LockObject.Owner, out var owner);
        call.TryRead(address + LockObject.Count, out var readers);
        return owner == 0 && readers == 0;
    }

    private bool Sleeps => LockSemantics.Sleeps(kind, Kernel.Config);
    private bool WriterQueues => LockSemantics.WriterQueues(kind, Kernel.Config);


    public override IntrinsicOutcome Execute(IntrinsicCall call)
    {
        var address = call.Arg(0);
        call.Read(address + LockObject.Owner); // a freed or NULL lock is reported here
        var lockMode = mode == AcquireMode.Write ? AcquireMode.Write : AcquireMode.Read;
        var entry = Entry(call, address);

        if (call.Scratch == 0)
        {
            if (trylock)
            {
                if (!LockSemantics.CanTake(call, address, kind, lockMode, Kernel.Config)) { call.Result = 0; return IntrinsicOutcome.Done; }
                Kernel.Lockdep.Trylocked(call, entry);
            }
            else
            {
                if (Sleeps)
                    Kernel.Sleep.MightSleep(call, Name, kind is LockKind.Spin or LockKind.RwLock ? SleepCheck.Sleeper.RtSpinLock : SleepCheck.Sleeper.Sleeping);
                var rtSleeping = Kernel.Config.PreemptRt && kind is LockKind.Spin or LockKind.RwLock;
                Kernel.Lockdep.Acquire(call, entry,
                    disablesHardirqs: flavor is LockFlavor.Irq or LockFlavor.IrqSave && !rtSleeping,
                    disablesSoftirqs: flavor == LockFlavor.Bh,
                    nestLock: nestLock ? call.Arg(1) : 0);
                if (!LockSemantics.CanTake(call, address, kind, lockMode, Kernel.Config))
                {
                    // Reached only when the step was enabled for a report that did not fire: keep waiting.
                    if (!WriterQueues || mode != AcquireMode.Write) return IntrinsicOutcome.Again;
                    // Only a writer that queues gets here (see IsEnabled): it queues and waits.
                    call.Write(address + LockObject.Waiters, call.Read(address + LockObject.Waiters) + 1);
                    call.Scratch = Queued;
                    return IntrinsicOutcome.Again;
                }
            }
        }
        else
        {
            call.Write(address + LockObject.Waiters, call.Read(address + LockObject.Waiters) - 1);
            call.Scratch = 0;
        }

        LockSemantics.Take(call, address, lockMode);
        HeldLocks.Of(call.Thread).Push(entry);
        var saved = LockSemantics.EnterContext(call.Thread, kind, flavor, Kernel.Config);
        call.Result = trylock ? 1 : flavor == LockFlavor.IrqSave ? saved : 0;
        return IntrinsicOutcome.Done;
    }

    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
    {
        LockObject.AddFootprint(sink, call.Arg(0));
        // lockdep names a nest lock the task does not hold from the lock's own name cell.
        if (nestLock) sink.Add(call.Arg(1) + LockObject.Name, write: false);
    }

    // A _nest_lock form also reads its second argument's name: beyond the one object ArgumentObject covers.
    public override StaticFootprint Static => nestLock ? StaticFootprint.Global : StaticFootprint.ArgumentObject;

    /// <summary>A blocking acquisition of a lock that excludes others (<see cref="LockSemantics.Excludes"/>); a trylock
    /// reads the lock word without waiting, so it observes where a release happened.</summary>
    public override LockEffect Lock =>
        !LockSemantics.Excludes(kind) ? LockEffect.None
        : trylock ? LockEffect.Inspects
        : mode == AcquireMode.Write ? LockEffect.AcquireExclusive : LockEffect.AcquireShared;

    public override string DescribeWait(IntrinsicCall call)
    {
        var address = call.Arg(0);
        call.TryRead(address + LockObject.Owner, out var owner);
        var holder = owner > 0 ? $" held by {call.ThreadName((int)owner - 1)}" : "";
        return $"{Name}({LockObject.ClassName(call, address)}){holder}";
    }
}
