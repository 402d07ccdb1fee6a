using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Sleeping until an event: rcuwait (one waiter), wait queues, and completions. A waiter first publishes itself
/// (rcuwait) or samples the queue's wake-up sequence (wait queue), then tests its condition in model code, then
/// blocks until a wake-up happened after that point — so wake-ups are never lost and never invented.
/// An interruptible sleep (TASK_INTERRUPTIBLE) is a daemon's idle wait; an uninterruptible one that is never woken
/// is a hung task.
/// </summary>
public static class WaitPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        // struct rcuwait { __task, __woken }
        yield return new Cells("rcuwait_init", k, (c, w) => { c.Write(w, 0); c.Write(w + 1, 0); return 0; }, cells: 2);
        yield return new Cells("__rcuwait_prepare", k, (c, w) => { c.Write(w, Pointer.Task(c.ThreadId)); c.Write(w + 1, 0); return 0; }, cells: 2);
        yield return new Cells("__rcuwait_finish", k, (c, w) => { c.Write(w, 0); c.Write(w + 1, 0); return 0; }, cells: 2);
        yield return new Cells("rcuwait_active", k, (c, w) => c.Read(w) != 0 ? 1 : 0, write: false);
        yield return new Block("__rcuwait_block", k, (c, w) => c.TryRead(w + 1, out var woken) && woken != 0,
            (c, w) => { c.Write(w + 1, 0); }, stateArg: 1, cells: 2);

        // wait_queue_head_t { __seq, __waiters }: a wake-up bumps __seq, which also takes every waiting entry off
        // the queue (wait_event's entries are non-exclusive and autoremoved); a waiter's entry is in its context.
        yield return new Cells("init_waitqueue_head", k, (c, q) => { c.Write(q, 0); c.Write(q + 1, 0); return 0; }, cells: 2);
        yield return new WaitQueueCall("__wait_prepare", k, (c, q) =>
        {
            // prepare_to_wait_event(): put the entry on the queue and set the task state (kernel/sched/wait.c).
            var seq = c.Read(q);
            var ctx = KernelContext.Of(c.Thread);
            ctx.WaitQueue = q;
            ctx.WaitSeq = seq;
            ctx.TaskState = c.Arg(1);
            return seq;
        });
        yield return new WaitQueueCall("__wait_finish", k, (c, q) =>
        {
            // finish_wait(): TASK_RUNNING, entry off the queue.
            c.Read(q);
            var ctx = KernelContext.Of(c.Thread);
            ctx.WaitQueue = 0;
            ctx.WaitSeq = 0;
            ctx.TaskState = 0;
            return 0;
        });
        yield return new Cells("wake_up", k, (c, q) => { c.Write(q, c.Read(q) + 1); return 0; });
        yield return new Cells("wake_up_all", k, (c, q) => { c.Write(q, c.Read(q) + 1); return 0; });
        yield return new Cells("wake_up_interruptible", k, (c, q) => { c.Write(q, c.Read(q) + 1); return 0; });
        yield return new Cells("wake_up_interruptible_all", k, (c, q) => { c.Write(q, c.Read(q) + 1); return 0; });
        // waitqueue_active() (include/linux/wait.h): is some entry on the queue right now? No barrier implied.
        yield return new Cells("waitqueue_active", k, (c, q) =>
        {
            var seq = c.Read(q);
            for (var t = 0; t < c.State.ThreadCount; t++)
            {
                var ctx = KernelContext.Of(c.State.Thread(t));
                if (ctx.WaitQueue == q && ctx.WaitSeq == seq) return 1;
            }
            return 0;
        }, write: false, footprint: (c, sink) =>
        {
            sink.Add(c.Arg(0), write: false);
            KernelContext.AddEveryThread(c, sink, write: false, KernelContext.WaitQueueCell, KernelContext.WaitSeqCell);
        }, statics: StaticFootprint.ArgumentObject | StaticFootprint.Tasks);
        yield return new WaitQueueBlock(k);

        // struct completion { done }
        yield return new Cells("init_completion", k, (c, x) => { c.Write(x, 0); return 0; });
        yield return new Cells("reinit_completion", k, (c, x) => { c.Write(x, 0); return 0; });
        yield return new Cells("complete", k, (c, x) => { c.Write(x, c.Read(x) + 1); return 0; });
        yield return new Cells("complete_all", k, (c, x) => { c.Write(x, 1L << 40); return 0; });
        yield return new Cells("completion_done", k, (c, x) => c.Read(x) > 0 ? 1 : 0, write: false);
        yield return new Cells("try_wait_for_completion", k, (c, x) =>
        {
            var done = c.Read(x);
            if (done <= 0) return 0;
            c.Write(x, done - 1);
            return 1;
        });
        yield return new CompletionTimeout(k);
        yield return new Block("wait_for_completion", k, (c, x) => c.TryRead(x, out var done) && done > 0,
            (c, x) => { k.Sleep.MightSleep(c, "wait_for_completion"); c.Write(x, c.Read(x) - 1); }, stateArg: -1);
    }

    /// <summary>A non-blocking primitive on the object its first argument points to.</summary>
    internal sealed class Cells(string name, KernelServices kernel, Func<IntrinsicCall, long, long> body, bool write = true,
        int cells = 1, Action<IntrinsicCall, IFootprintSink>? footprint = null, StaticFootprint statics = StaticFootprint.ArgumentObject)
        : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            call.Result = body(call, call.Arg(0));
            return IntrinsicOutcome.Done;
        }

        /// <summary>The first <c>cells</c> cells of the object, exactly (or what <c>footprint</c> says).</summary>
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            if (footprint is not null) { footprint(call, sink); return; }
            for (var i = 0; i < cells; i++) sink.Add(call.Arg(0) + i, write);
        }

        public override StaticFootprint Static => statics;
    }

    /// <summary>
    /// wait_for_completion_timeout(x, timeout) (kernel/sched/completion.c): completed → consumes one completion and
    /// returns the time left (1 here); otherwise, at any point the search picks, the timeout expires and it returns 0.
    /// Never blocks for good, so it never hangs (a waiter that keeps timing out is the model's loop).
    /// </summary>
    private sealed class CompletionTimeout(KernelServices kernel) : Primitive("wait_for_completion_timeout", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            Kernel.Sleep.MightSleep(call, Name);
            var x = call.Arg(0);
            var done = call.Read(x);
            if (done <= 0) { call.Result = 0; return IntrinsicOutcome.Done; }
            call.Write(x, done - 1);
            call.Result = 1;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(call.Arg(0), write: true);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    /// <summary>A wait-queue step that also changes the calling thread's wait entry and task state.</summary>
    private sealed class WaitQueueCall(string name, KernelServices kernel, Func<IntrinsicCall, long, long> body)
        : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            call.Result = body(call, call.Arg(0));
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(call.Arg(0), write: true);
            sink.Add(SchedulePrimitives.StateLocation(call.ThreadId), write: true);
            sink.Add(KernelContext.Location(call.ThreadId, KernelContext.WaitQueueCell), write: true);
            sink.Add(KernelContext.Location(call.ThreadId, KernelContext.WaitSeqCell), write: true);
        }

        public override StaticFootprint Static => StaticFootprint.ArgumentObject | StaticFootprint.Tasks;
    }

    /// <summary>
    /// __wait_block(wq, seq, state): schedule() in wait_event(): sleeps until a wake-up on the queue since seq was
    /// sampled, a wake_up_process() of this task (kthread_stop() does one), or — for an interruptible sleep — a
    /// pending signal, when it returns -ERESTARTSYS (___wait_event() in include/linux/wait.h).
    /// </summary>
    private sealed class WaitQueueBlock(KernelServices kernel) : Primitive("__wait_block", IntrinsicKind.Visible, kernel)
    {
        private const long ErestartSys = -512;

        private static bool Woken(IntrinsicCall call) =>
            call.TryRead(call.Arg(0), out var seq) && seq != call.Arg(1) || KernelContext.Of(call.Thread).TaskState == 0;

        private static bool Interrupted(IntrinsicCall call) => SchedulePrimitives.SignalPending(call.Thread, call.Arg(2));

        public override bool IsEnabled(IntrinsicCall call) => Woken(call) || Interrupted(call) || Kernel.Sleep.WouldReport(call);

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            Kernel.Sleep.MightSleep(call, "wait_event");
            call.Read(call.Arg(0));
            var woken = Woken(call);
            if (!woken && !Interrupted(call)) return IntrinsicOutcome.Again;
            KernelContext.Of(call.Thread).TaskState = 0;
            call.Result = woken ? 0 : ErestartSys;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(call.Arg(0), write: true);
            sink.Add(SchedulePrimitives.StateLocation(call.ThreadId), write: true);
            sink.Add(ThreadPrimitives.StopLocation(call.ThreadId), write: false);
        }

        public override StaticFootprint Static => StaticFootprint.ArgumentObject | StaticFootprint.Tasks;
        public override bool IsIdleWait(IntrinsicCall call) => SchedulePrimitives.IsIdleState(call.Arg(2));
        public override string DescribeWait(IntrinsicCall call) => "wait_event() (never woken)";
    }

    /// <summary>Blocks until <paramref name="ready"/>; then <paramref name="take"/>. Argument <paramref name="stateArg"/> is the task state (-1: uninterruptible).</summary>
    private sealed class Block(string name, KernelServices kernel, Func<IntrinsicCall, long, bool> ready,
        Action<IntrinsicCall, long> take, int stateArg, int cells = 1) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override bool IsEnabled(IntrinsicCall call) => ready(call, call.Arg(0)) || Kernel.Sleep.WouldReport(call);

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            Kernel.Sleep.MightSleep(call, Name);
            if (!ready(call, call.Arg(0))) return IntrinsicOutcome.Again;
            take(call, call.Arg(0));
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            for (var i = 0; i < cells; i++) sink.Add(call.Arg(0) + i, write: true);
        }

        public override StaticFootprint Static => StaticFootprint.ArgumentObject;

        public override bool IsIdleWait(IntrinsicCall call) => stateArg >= 0 && SchedulePrimitives.IsIdleState(call.Arg(stateArg));

        public override string DescribeWait(IntrinsicCall call) => Name switch
        {
            "__rcuwait_block" => "rcuwait_wait_event() (never woken)",
            _ => $"{Name}() (never completed)",
        };
    }
}
