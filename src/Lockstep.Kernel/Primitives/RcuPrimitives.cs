using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// RCU with the same grace-period mechanism as SRCU, on the one global state object the headers declare
/// (<c>__lockstep_rcu</c>); rcu_read_lock() nests, only the outermost section counts as a reader, and the
/// thread's context records the RCU nest depth that __might_resched() checks.
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
            var ctx = KernelContext.Of(call.Thread);
            if (ctx.RcuNesting++ == 0)
            {
                var idx = call.Read(rcu + SrcuPrimitives.Index);
                ctx.RcuIndex = idx;
                call.Write(rcu + SrcuPrimitives.CounterCell(idx), call.Read(rcu + SrcuPrimitives.CounterCell(idx)) + 1);
            }
            HeldLocks.Of(call.Thread).Push(new HeldEntry(rcu, rcu, LockKind.Rcu, AcquireMode.RecursiveRead, 0, false, call.Site, Kernel.Lockdep.IrqContextOf(call.Thread)));
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), extra: 2);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    private sealed class ReadUnlock(KernelServices kernel) : Primitive("__rcu_read_unlock", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var rcu = call.Arg(0);
            var index = Kernel.Lockdep.Release(call, rcu, "rcu_read_unlock");
            HeldLocks.Of(call.Thread).RemoveAt(index);
            var ctx = KernelContext.Of(call.Thread);
            if (--ctx.RcuNesting == 0)
            {
                var cell = rcu + SrcuPrimitives.CounterCell(ctx.RcuIndex);
                call.Write(cell, call.Read(cell) - 1);
            }
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), extra: 2);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }
}
