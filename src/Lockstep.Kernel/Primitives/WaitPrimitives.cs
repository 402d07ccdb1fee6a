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
    private const int TaskInterruptible = 1;

    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        // struct rcuwait { __task, __woken }
        yield return new Cells("rcuwait_init", k, (c, w) => { c.Write(w, 0); c.Write(w + 1, 0); return 0; }, cells: 2);
        yield return new Cells("__rcuwait_prepare", k, (c, w) => { c.Write(w, Pointer.Task(c.ThreadId)); c.Write(w + 1, 0); return 0; }, cells: 2);
        yield return new Cells("__rcuwait_finish", k, (c, w) => { c.Write(w, 0); c.Write(w + 1, 0); return 0; }, cells: 2);
        yield return new Cells("rcuwait_active", k, (c, w) => c.Read(w) != 0 ? 1 : 0, write: false);
        yield return new Block("__rcuwait_block", k, (c, w) => c.TryRead(w + 1, out var woken) && woken != 0,
            (c, w) => { c.Write(w + 1, 0); }, stateArg: 1, cells: 2);

        // wait_queue_head_t { __seq, __waiters }
        yield return new Cells("init_waitqueue_head", k, (c, q) => { c.Write(q, 0); c.Write(q + 1, 0); return 0; }, cells: 2);
        yield return new Cells("__wait_prepare", k, (c, q) => c.Read(q), write: false);
        yield return new Cells("__wait_finish", k, (c, q) => 0, write: false);
        yield return new Cells("wake_up", k, (c, q) => { c.Write(q, c.Read(q) + 1); return 0; });
        yield return new Cells("wake_up_all", k, (c, q) => { c.Write(q, c.Read(q) + 1); return 0; });
        yield return new Cells("wake_up_interruptible", k, (c, q) => { c.Write(q, c.Read(q) + 1); return 0; });
        yield return new Cells("waitqueue_active", k, (c, q) => 1, write: false);
        yield return new Block("__wait_block", k, (c, q) => c.TryRead(q, out var seq) && seq != c.Arg(1),
            (_, _) => { }, stateArg: 2, cells: 2);

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
        yield return new Block("wait_for_completion", k, (c, x) => c.TryRead(x, out var done) && done > 0,
            (c, x) => { k.Sleep.MightSleep(c, "wait_for_completion"); c.Write(x, c.Read(x) - 1); }, stateArg: -1);
    }

    /// <summary>A non-blocking primitive on the object its first argument points to.</summary>
    internal sealed class Cells(string name, KernelServices kernel, Func<IntrinsicCall, long, long> body, bool write = true,
        int cells = 1, Action<IntrinsicCall, IFootprintSink>? footprint = null)
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

        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
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

        public override bool IsIdleWait(IntrinsicCall call) => stateArg >= 0 && call.Arg(stateArg) == TaskInterruptible;

        public override string DescribeWait(IntrinsicCall call) => Name switch
        {
            "__rcuwait_block" => "rcuwait_wait_event() (never woken)",
            "__wait_block" => "wait_event() (never woken)",
            _ => $"{Name}() (never completed)",
        };
    }
}
