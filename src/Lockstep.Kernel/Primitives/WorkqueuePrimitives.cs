using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;
using static Lockstep.Kernel.Primitives.DeferredRunners;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Work items (kernel/workqueue.c). queue_work() on an idle item sets PENDING and starts a kworker for that
/// instance; queueing a pending item does nothing. The kworker clears PENDING before it calls the function, so the
/// item may be requeued while it runs, and a requeued instance waits for the running one (non-reentrant).
/// flush_work() waits for the instance that was queued (or running) when it was called; cancel_work_sync() takes
/// a queued instance off the queue, keeps the item from being queued while it waits for a running one, and
/// never lets the kworker touch the item again. When a kworker runs is up to the search (time is abstracted).
/// </summary>
public static class WorkqueuePrimitives
{
    public const string ThreadName = "kworker/u8:1";

    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new QueueWork(k),
        new RunnerStart("__lockstep_work_start", k),
        new RunnerDone("__lockstep_work_done", k),
        new FlushWork(k),
        new CancelWorkSync(k),
        new WaitPrimitives.Cells("cancel_work", k, (c, w) =>
        {
            // cancel_work(): try_to_grab_pending() steals a queued instance; a running one goes on.
            var queued = c.Read(w + Pending) == Queued;
            if (queued) { Unqueue(c, w); c.Write(w + Pending, Idle); }
            return queued ? 1 : 0;
        }, footprint: AddItemAndRunners, statics: StaticFootprint.ArgumentObject | StaticFootprint.Tasks),
        new WaitPrimitives.Cells("work_pending", k, (c, w) => c.Read(w + Pending) == Queued ? 1 : 0, write: false),
        new FlushWorkqueue(k),
        new AllocWorkqueue(k),
    ];

    /// <summary>Cells of work_struct and workqueue_struct beyond <see cref="DeferredRunners"/>'s, as workqueue.h declares them.</summary>
    public const int WorkMap = 2;
    public const int WorkQueue = WorkMap + LockObject.Extra;
    public const int QueueMap = 0;
    public const int QueueFlushTouches = LockObject.Extra;
    private const int QueueCells = QueueFlushTouches + 1;
    private const long WqMemReclaim = 1 << 3;

    /// <summary>
    /// start_flush_work() once it found the instance to wait for (kernel/workqueue.c, v6.19): touch_work_lockdep_map(),
    /// and, unless cancelling, touch_wq_lockdep_map() for an ordered or WQ_MEM_RECLAIM workqueue.
    /// </summary>
    private static void TouchMaps(IntrinsicCall call, KernelServices kernel, long work, bool fromCancel)
    {
        kernel.Lockdep.Touch(call, work + WorkMap);
        if (fromCancel) return;
        var wq = call.Read(work + WorkQueue);
        if (wq != 0 && call.Read(wq + QueueFlushTouches) != 0) kernel.Lockdep.Touch(call, wq + QueueMap);
    }

    /// <summary>What a flush reads of the work's and its workqueue's lockdep maps, besides the item and its runners.</summary>
    private static void AddFlushFootprint(IntrinsicCall call, IFootprintSink sink, bool fromCancel)
    {
        DeferredRunners.AddItemAndRunners(call, sink);
        var work = call.Arg(0);
        sink.Add(work + WorkMap + LockObject.Name, write: false);
        sink.Add(work + WorkMap + LockObject.Key, write: false);
        if (fromCancel) return;
        sink.Add(work + WorkQueue, write: false);
        if (!call.TryRead(work + WorkQueue, out var wq) || wq == 0) return;
        sink.Add(wq + QueueMap + LockObject.Name, write: false);
        sink.Add(wq + QueueMap + LockObject.Key, write: false);
        sink.Add(wq + QueueFlushTouches, write: false);
    }

    /// <summary>
    /// __alloc_workqueue(lock_name, flags, max_active): a new workqueue whose lockdep map is named lock_name (its own
    /// class, as wq_init_lockdep() registers a key per workqueue). Local: the object is private until published.
    /// </summary>
    private sealed class AllocWorkqueue(KernelServices kernel) : Primitive("__alloc_workqueue", IntrinsicKind.Local, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var wq = call.Allocate(QueueCells);
            call.Write(wq + QueueMap + LockObject.Name, call.Arg(0));
            var ordered = call.Arg(2) == 1 || (call.Arg(1) & WqMemReclaim) != 0;
            call.Write(wq + QueueFlushTouches, ordered ? 1 : 0);
            call.Result = wq;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) { }
        public override StaticFootprint Static => StaticFootprint.None;
    }

    /// <summary>__queue_work(work, runner): queue_work() and schedule_work() (kernel/workqueue.c: queue_work_on()).</summary>
    private sealed class QueueWork(KernelServices kernel) : Primitive("__queue_work", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var work = call.Arg(0);
            // test_and_set_bit(WORK_STRUCT_PENDING): a pending item (or one being cancelled) is not queued again.
            if (call.Read(work + Pending) != Idle) { call.Result = 0; return IntrinsicOutcome.Done; }
            call.Write(work + Pending, Queued);
            call.Write(work + WorkQueue, call.Arg(2));
            var id = call.CreateThread(call.Arg(1), work, Kernel.ThreadName(ThreadName));
            Set(call.State.Thread(id), work, ItemKind.Work, Phase.Waiting);
            call.Result = 1;
            return IntrinsicOutcome.Done;
        }
    }

    /// <summary>
    /// __flush_work(): start_flush_work() queues a barrier behind the instance that is queued, or else behind the one
    /// that is running, and waits for it; an instance queued after that is not waited for.
    /// </summary>
    private sealed class FlushWork(KernelServices kernel) : Primitive("__flush_work", IntrinsicKind.Visible, kernel)
    {
        public override bool IsEnabled(IntrinsicCall call) => call.Scratch == 0 || !Busy(call, (int)call.Scratch - 1, call.Arg(0));

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var work = call.Arg(0);
            if (call.Scratch != 0)
            {
                call.Scratch = 0;
                call.Result = 1;
                return IntrinsicOutcome.Done;
            }
            Kernel.Sleep.MightSleep(call, "flush_work");
            var target = call.Read(work + Pending) == Queued ? Find(call, work, Phase.Waiting) : Find(call, work, Phase.Running);
            if (target < 0) { call.Result = 0; return IntrinsicOutcome.Done; }
            TouchMaps(call, Kernel, work, fromCancel: false);
            call.Scratch = target + 1;
            return IntrinsicOutcome.Again;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => AddFlushFootprint(call, sink, fromCancel: false);
        // The work's workqueue is another object.
        public override StaticFootprint Static => StaticFootprint.Global;
        public override string DescribeWait(IntrinsicCall call) => "flush_work() waiting for the work to finish";
    }

    /// <summary>
    /// __cancel_work_sync(): grabs PENDING (a queued instance never runs), marks the item so that queue_work() fails
    /// while it waits for a running instance (WORK_OFFQ_CANCELING / disable_work() in kernel/workqueue.c) — which
    /// makes it safe for self-requeueing work — then leaves the item idle. Returns whether it was pending.
    /// </summary>
    private sealed class CancelWorkSync(KernelServices kernel) : Primitive("__cancel_work_sync", IntrinsicKind.Visible, kernel)
    {
        public override bool IsEnabled(IntrinsicCall call) => call.Scratch == 0 || Find(call, call.Arg(0), Phase.Running) < 0;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var work = call.Arg(0);
            if (call.Scratch != 0)
            {
                call.Write(work + Pending, Idle);
                call.Result = call.Scratch - 1;
                call.Scratch = 0;
                return IntrinsicOutcome.Done;
            }
            Kernel.Sleep.MightSleep(call, "cancel_work_sync");
            var was = call.Read(work + Pending) == Queued;
            if (was) Unqueue(call, work);
            if (Find(call, work, Phase.Running) < 0)
            {
                call.Write(work + Pending, Idle);
                call.Result = was ? 1 : 0;
                return IntrinsicOutcome.Done;
            }
            call.Write(work + Pending, Canceling);
            TouchMaps(call, Kernel, work, fromCancel: true);
            call.Scratch = was ? 2 : 1;
            return IntrinsicOutcome.Again;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => AddFlushFootprint(call, sink, fromCancel: true);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject | StaticFootprint.Tasks;
        public override string DescribeWait(IntrinsicCall call) => "cancel_work_sync() waiting for the work to finish";
    }

    /// <summary>
    /// flush_workqueue(wq): waits for every work instance queued or running when it was called (kernel/workqueue.c
    /// __flush_workqueue() flushes up to the current colour). The model has one workqueue: it waits for all kworkers.
    /// The threads to wait for are a bit set in the call's scratch slot (threads 0..61).
    /// </summary>
    private sealed class FlushWorkqueue(KernelServices kernel) : Primitive("__flush_workqueue", IntrinsicKind.Visible, kernel)
    {
        private const long Waiting = 1L << 62;

        private static bool BusyWork(IntrinsicCall call, int t)
        {
            var thread = call.State.Thread(t);
            return KernelContext.Of(thread).DeferredItem != 0 && KindOf(thread) == ItemKind.Work
                && PhaseOf(thread) is Phase.Waiting or Phase.Running;
        }

        public override bool IsEnabled(IntrinsicCall call)
        {
            if (call.Scratch == 0) return true;
            for (var t = 0; t < Math.Min(call.State.ThreadCount, 62); t++)
                if ((call.Scratch & (1L << t)) != 0 && BusyWork(call, t)) return false;
            return true;
        }

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            if (call.Scratch != 0) { call.Scratch = 0; return IntrinsicOutcome.Done; }
            Kernel.Sleep.MightSleep(call, "flush_workqueue");
            long mask = 0;
            for (var t = 0; t < Math.Min(call.State.ThreadCount, 62); t++)
                if (BusyWork(call, t)) mask |= 1L << t;
            if (mask == 0) return IntrinsicOutcome.Done;
            call.Scratch = mask | Waiting;
            return IntrinsicOutcome.Again;
        }

        public override string DescribeWait(IntrinsicCall call) => "flush_workqueue() waiting for queued work";
    }
}
