using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// SRCU callbacks: call_srcu() runs its callback later on a thread of its own (the header gives the runner), and
/// srcu_barrier() waits for every queued callback. Work items and timers are in <see cref="WorkqueuePrimitives"/>
/// and <see cref="TimerPrimitives"/>.
/// </summary>
public static class DeferredWorkPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        yield return new CallSrcu(k);
        yield return new WaitPrimitives.Cells("__lockstep_srcu_callback_done", k, (c, ssp) =>
        {
            c.Write(ssp + SrcuPrimitives.Callbacks, c.Read(ssp + SrcuPrimitives.Callbacks) - 1);
            return 0;
        }, footprint: (c, sink) => sink.Add(c.Arg(0) + SrcuPrimitives.Callbacks, write: true));
        yield return new SrcuBarrier(k);
    }

    /// <summary>__call_srcu(ssp, head, func, runner): queue func(head) after a grace period. Never sleeps (callable under spinlocks).</summary>
    private sealed class CallSrcu(KernelServices kernel) : Primitive("__call_srcu", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var ssp = call.Arg(0);
            var head = call.Arg(1);
            call.Write(head + 1, call.Arg(2));      // rcu_head.func
            call.Write(head + 2, ssp);              // rcu_head.__ssp
            call.Write(ssp + SrcuPrimitives.Callbacks, call.Read(ssp + SrcuPrimitives.Callbacks) + 1);
            call.CreateThread(call.Arg(3), head, Kernel.ThreadName("srcu_cb"));
            return IntrinsicOutcome.Done;
        }
    }

    private sealed class SrcuBarrier(KernelServices kernel) : Primitive("srcu_barrier", IntrinsicKind.Visible, kernel)
    {
        public override bool IsEnabled(IntrinsicCall call) =>
            call.Scratch == 0 || !call.TryRead(call.Arg(0) + SrcuPrimitives.Callbacks, out var n) || n == 0;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            if (call.Scratch == 0)
            {
                Kernel.Sleep.MightSleep(call, Name);
                call.Read(call.Arg(0));
                call.Scratch = 1;
                return IntrinsicOutcome.Again;
            }
            call.Scratch = 0;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(call.Arg(0) + SrcuPrimitives.Index, write: false);
            sink.Add(call.Arg(0) + SrcuPrimitives.Callbacks, write: true);
        }

        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
        public override string DescribeWait(IntrinsicCall call) => "srcu_barrier() waiting for queued callbacks";
    }
}
