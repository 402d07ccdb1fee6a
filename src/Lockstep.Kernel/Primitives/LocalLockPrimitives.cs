using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// local_lock_t (include/linux/local_lock_internal.h, v6.19). A per-CPU lock: each CPU has its own instance, so it
/// never makes another thread wait (the model's threads stand for different CPUs); what it protects against is
/// preemption and interrupts on its own CPU, which the header disables around it (!PREEMPT_RT: preempt_disable(),
/// local_irq_disable()/save()). Lockdep sees one class per local_lock_t with a spinlock_t's wait types
/// (LD_WAIT_CONFIG): taking it under a raw_spinlock_t is an invalid wait context. On PREEMPT_RT it is a per-CPU
/// spinlock_t — a sleeping lock behind migrate_disable() — so taking it where sleeping is not allowed is reported as
/// __might_resched() reports an rt spinlock.
/// </summary>
public static class LocalLockPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new Acquire(k),
        new Release(k),
    ];

    private static HeldEntry Entry(IntrinsicCall call, KernelServices k) =>
        new(call.Arg(0), LockObject.ClassKey(call, call.Arg(0)), LockKind.LocalLock, AcquireMode.Write, 0, false, call.Site, k.Lockdep.IrqContextOf(call.Thread));

    private static void AddMapFootprint(IntrinsicCall call, IFootprintSink sink)
    {
        sink.Add(call.Arg(0) + LockObject.Name, write: false);
        sink.Add(call.Arg(0) + LockObject.Key, write: false);
    }

    private sealed class Acquire(KernelServices kernel) : Primitive("__local_lock_acquire", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            if (Kernel.Config.PreemptRt) Kernel.Sleep.MightSleep(call, "local_lock", SleepCheck.Sleeper.RtSpinLock);
            var entry = Entry(call, Kernel);
            Kernel.Lockdep.Acquire(call, entry);
            HeldLocks.Of(call.Thread).Push(entry);
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => AddMapFootprint(call, sink);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    private sealed class Release(KernelServices kernel) : Primitive("__local_lock_release", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var index = Kernel.Lockdep.Release(call, call.Arg(0), "local_unlock");
            HeldLocks.Of(call.Thread).RemoveAt(index);
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => AddMapFootprint(call, sink);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }
}
