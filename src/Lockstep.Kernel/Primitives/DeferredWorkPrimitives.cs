using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Work items, timers and SRCU/RCU callbacks: code that runs "later", each run on a thread of its own that the
/// queueing call starts (the headers give the runner function). Object cells: work_struct and timer_list
/// { __pending, __running, func }; a cancelled item's runner finds it no longer pending and does nothing.
/// </summary>
public static class DeferredWorkPrimitives
{
    private const int Pending = 0;
    private const int Running = 1;
    /// <summary>Cells of a work_struct / timer_list a primitive on it touches: pending, running, func.</summary>
    private const int ItemCells = 3;

    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        foreach (var (queue, start, done, flush, cancel, pending, thread) in new[]
        {
            ("__queue_work", "__lockstep_work_start", "__lockstep_work_done", "flush_work", "cancel_work_sync", "work_pending", "kworker/u8:1"),
            ("__mod_timer", "__lockstep_timer_start", "__lockstep_timer_done", "", "del_timer_sync", "timer_pending", "ktimer/0"),
        })
        {
            yield return new Queue(queue, k, thread);
            yield return new WaitPrimitives.Cells(start, k, (c, w) =>
            {
                // The kernel clears PENDING before it calls the function, so the item may be queued again while it runs.
                if (c.Read(w + Pending) == 0) return 0;
                c.Write(w + Pending, 0);
                c.Write(w + Running, c.Read(w + Running) + 1);
                return 1;
            }, cells: ItemCells);
            yield return new WaitPrimitives.Cells(done, k, (c, w) =>
            {
                var running = c.Read(w + Running);
                if (running > 0) c.Write(w + Running, running - 1);
                return 0;
            }, cells: ItemCells);
            if (flush.Length > 0) yield return new WaitIdle(flush, k, cancel: false);
            yield return new WaitIdle(cancel, k, cancel: true);
            yield return new WaitPrimitives.Cells(pending, k, (c, w) => c.Read(w + Pending) != 0 ? 1 : 0, write: false, cells: ItemCells);
        }
        yield return new WaitPrimitives.Cells("del_timer", k, (c, t) =>
        {
            var was = c.Read(t + Pending);
            c.Write(t + Pending, 0);
            return was != 0 ? 1 : 0;
        }, cells: ItemCells);
        yield return new CallSrcu(k);
        yield return new WaitPrimitives.Cells("__lockstep_srcu_callback_done", k, (c, ssp) =>
        {
            c.Write(ssp + SrcuPrimitives.Callbacks, c.Read(ssp + SrcuPrimitives.Callbacks) - 1);
            return 0;
        }, footprint: (c, sink) => sink.Add(c.Arg(0) + SrcuPrimitives.Callbacks, write: true));
        yield return new SrcuBarrier(k);
    }

    /// <summary>queue_work / mod_timer: (item, runner). Returns false if the item was already pending.</summary>
    private sealed class Queue(string name, KernelServices kernel, string threadName) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var item = call.Arg(0);
            if (call.Read(item + Pending) != 0) { call.Result = 0; return IntrinsicOutcome.Done; }
            call.Write(item + Pending, 1);
            call.CreateThread(call.Arg(1), item, Kernel.ThreadName(threadName));
            call.Result = 1;
            return IntrinsicOutcome.Done;
        }
    }

    /// <summary>flush_work / cancel_work_sync / del_timer_sync: (optionally cancel, then) wait until neither pending nor running.</summary>
    private sealed class WaitIdle(string name, KernelServices kernel, bool cancel) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override bool IsEnabled(IntrinsicCall call)
        {
            if (call.Scratch == 0) return true;
            var item = call.Arg(0);
            if (!call.TryRead(item + Running, out var running)) return true;
            call.TryRead(item + Pending, out var pending);
            return running == 0 && (cancel || pending == 0);
        }

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var item = call.Arg(0);
            if (call.Scratch == 0)
            {
                Kernel.Sleep.MightSleep(call, Name);
                var wasPending = call.Read(item + Pending);
                if (cancel) call.Write(item + Pending, 0);
                call.Scratch = 1 + wasPending;
                return IntrinsicOutcome.Again;
            }
            call.Result = cancel ? call.Scratch - 1 : 1;
            call.Scratch = 0;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            for (var i = 0; i < ItemCells; i++) sink.Add(call.Arg(0) + i, write: true);
        }

        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
        public override string DescribeWait(IntrinsicCall call) => $"{Name}() waiting for the callback to finish";
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
