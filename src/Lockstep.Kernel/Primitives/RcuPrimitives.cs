using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// RCU with the same grace-period mechanism as SRCU, on the one global state object the headers declare
/// (<c>__lockstep_rcu</c>); read sections of every flavour nest, only the outermost counts as a reader, and the
/// thread's context records the nest depth that __might_resched() checks. The flavours are the consolidated RCU of
/// v4.20+ (kernel/rcu/tree.c): rcu_read_lock(), rcu_read_lock_bh() and rcu_read_lock_sched() are all readers of the
/// one grace period synchronize_rcu() waits for; lockdep sees each as its own map (kernel/rcu/update.c:
/// rcu_lock_map "rcu_read_lock", rcu_bh_lock_map "rcu_read_lock_bh", rcu_sched_lock_map "rcu_read_lock_sched"),
/// acquired as recursive reads with check=0 (rcu_lock_acquire()), with the maps' wait types. The header disables
/// bottom halves / preemption around the _bh / _sched sections. Arguments: the RCU state, the map, the flavour.
/// </summary>
public static class RcuPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices kernel) =>
    [
        new ReadLock(kernel),
        new ReadUnlock(kernel),
        new SrcuPrimitives.Synchronize("__synchronize_rcu", kernel),
    ];

    private sealed class ReadLock(KernelServices kernel) : Primitive("__rcu_read_lock", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var rcu = call.Arg(0);
            var map = call.Arg(1);
            var ctx = KernelContext.Of(call.Thread);
            if (ctx.RcuNesting++ == 0)
            {
                var idx = call.Read(rcu + SrcuPrimitives.Index);
                ctx.RcuIndex = idx;
                call.Write(rcu + SrcuPrimitives.CounterCell(idx), call.Read(rcu + SrcuPrimitives.CounterCell(idx)) + 1);
            }
            var kind = call.Arg(2) == Sched ? LockKind.RcuSched : LockKind.Rcu;
            var entry = new HeldEntry(map, LockObject.ClassKey(call, map), kind, AcquireMode.RecursiveRead, 0, false, call.Site, Kernel.Lockdep.IrqContextOf(call.Thread));
            // Its class is known from now on, named from the map's own cells (read here, declared below).
            Kernel.Lockdep.Trylocked(call, entry);
            HeldLocks.Of(call.Thread).Push(entry);
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => AddReadSideFootprint(call, sink);
        // The lockdep maps live in the RCU state object (models/include/linux/rcupdate.h).
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    private sealed class ReadUnlock(KernelServices kernel) : Primitive("__rcu_read_unlock", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var rcu = call.Arg(0);
            var index = Kernel.Lockdep.Release(call, call.Arg(1), call.Arg(2) switch { Bh => "rcu_read_unlock_bh", Sched => "rcu_read_unlock_sched", _ => "rcu_read_unlock" });
            HeldLocks.Of(call.Thread).RemoveAt(index);
            var ctx = KernelContext.Of(call.Thread);
            if (--ctx.RcuNesting == 0)
            {
                var cell = rcu + SrcuPrimitives.CounterCell(ctx.RcuIndex);
                call.Write(cell, call.Read(cell) - 1);
            }
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => AddReadSideFootprint(call, sink);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    private const long Bh = 1;
    private const long Sched = 2;

    /// <summary>The RCU state's counters, and the lockdep map's name and key (a static map in the same object, never written).</summary>
    private static void AddReadSideFootprint(IntrinsicCall call, IFootprintSink sink)
    {
        LockObject.AddFootprint(sink, call.Arg(0), extra: 2);
        sink.Add(call.Arg(1) + LockObject.Name, write: false);
        sink.Add(call.Arg(1) + LockObject.Key, write: false);
    }
}
