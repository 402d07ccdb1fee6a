using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// The kernel side of a queued work item or an armed timer: each queueing starts a runner thread (a kworker
/// running process_one_work(), or the timer softirq running expire_timers()) whose bookkeeping lives in the
/// runner's own kernel context, not in the item — as the kernel keeps <c>worker->current_work</c> and
/// <c>base->running_timer</c> outside the work_struct / timer_list. So a cancelled runner never touches its item,
/// and a runner never touches its item after the callback returns (a callback may free its own work or timer).
/// The item itself holds only what the kernel keeps in it: the PENDING bit and the function.
/// </summary>
public static class DeferredRunners
{
    /// <summary>Cells of work_struct and timer_list, as the headers declare them.</summary>
    public const int Pending = 0;
    public const int Function = 1;

    /// <summary>__pending values: idle, queued, and (work only) being cancelled by cancel_work_sync().</summary>
    public const long Idle = 0;
    public const long Queued = 1;
    public const long Canceling = 2;

    public enum ItemKind { Work = 1, Timer = 2, IrqThread = 3 }

    /// <summary>A runner's phase: queued (not yet started), cancelled before it started, running the callback.</summary>
    public enum Phase { None = 0, Waiting = 1, Cancelled = 2, Running = 3 }

    private const int KindShift = 4;

    public static Phase PhaseOf(ModelThread thread) => (Phase)(KernelContext.Of(thread).DeferredPhase & ((1 << KindShift) - 1));
    public static ItemKind KindOf(ModelThread thread) => (ItemKind)((KernelContext.Of(thread).DeferredPhase >> KindShift) & 0xF);
    /// <summary>A number the runner keeps with its phase (the irq number of an irq thread).</summary>
    public static long TagOf(ModelThread thread) => KernelContext.Of(thread).DeferredPhase >> TagShift;
    private const int TagShift = 8;

    public static void Set(ModelThread thread, long item, ItemKind kind, Phase phase, long tag = 0)
    {
        var ctx = KernelContext.Of(thread);
        ctx.DeferredItem = item;
        ctx.DeferredPhase = (tag << TagShift) | ((long)kind << KindShift) | (long)phase;
    }

    public static void SetPhase(ModelThread thread, Phase phase)
    {
        var ctx = KernelContext.Of(thread);
        ctx.DeferredPhase = (ctx.DeferredPhase & ~((1L << KindShift) - 1)) | (long)phase;
    }

    /// <summary>The runner is done with its item: it forgets it (and so no longer keeps a freed item's id alive).</summary>
    public static void Clear(ModelThread thread)
    {
        var ctx = KernelContext.Of(thread);
        ctx.DeferredItem = 0;
        ctx.DeferredPhase = 0;
    }

    /// <summary>The footprint of a primitive on an item that looks for (and may change) the item's runners: the item's
    /// PENDING bit and function, and every thread's runner cells.</summary>
    public static void AddItemAndRunners(IntrinsicCall call, IFootprintSink sink)
    {
        sink.Add(call.Arg(0) + Pending, write: true);
        sink.Add(call.Arg(0) + Function, write: true);
        KernelContext.AddEveryThread(call, sink, write: true, KernelContext.DeferredItemCell, KernelContext.DeferredPhaseCell);
    }

    /// <summary>The thread that runs <paramref name="item"/> in <paramref name="phase"/>, other than <paramref name="except"/>; -1 if none.</summary>
    public static int Find(IntrinsicCall call, long item, Phase phase, int except = -1)
    {
        var state = call.State;
        for (var t = 0; t < state.ThreadCount; t++)
        {
            if (t == except) continue;
            var thread = state.Thread(t);
            if (KernelContext.Of(thread).DeferredItem == item && PhaseOf(thread) == phase) return t;
        }
        return -1;
    }

    /// <summary>Is thread <paramref name="t"/> still busy with <paramref name="item"/> (queued or running)?</summary>
    public static bool Busy(IntrinsicCall call, int t, long item)
    {
        var thread = call.State.Thread(t);
        return KernelContext.Of(thread).DeferredItem == item && PhaseOf(thread) is Phase.Waiting or Phase.Running;
    }

    /// <summary>Takes a queued item off its queue (try_to_grab_pending() / detach_if_pending()): its runner will not run it.</summary>
    public static bool Unqueue(IntrinsicCall call, long item)
    {
        var runner = Find(call, item, Phase.Waiting);
        if (runner < 0) return false;
        SetPhase(call.State.Thread(runner), Phase.Cancelled);
        return true;
    }
}

/// <summary>
/// A runner's first step (process_one_work() / expire_timers() in kernel/workqueue.c, kernel/time/timer.c): a
/// cancelled runner stops here without touching the item; otherwise it waits until no other runner is running the
/// same item (work items and timers are non-reentrant), clears PENDING — from then on the item may be queued again
/// — and returns the function to call, read from the item as the kernel reads it before the call.
/// </summary>
internal sealed class RunnerStart(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
{
    public override bool IsEnabled(IntrinsicCall call)
    {
        if (DeferredRunners.PhaseOf(call.Thread) != DeferredRunners.Phase.Waiting) return true;
        return DeferredRunners.Find(call, call.Arg(0), DeferredRunners.Phase.Running, except: call.ThreadId) < 0;
    }

    public override IntrinsicOutcome Execute(IntrinsicCall call)
    {
        var item = call.Arg(0);
        if (DeferredRunners.PhaseOf(call.Thread) != DeferredRunners.Phase.Waiting)
        {
            DeferredRunners.Clear(call.Thread);
            call.Result = 0;
            return IntrinsicOutcome.Done;
        }
        if (DeferredRunners.Find(call, item, DeferredRunners.Phase.Running, except: call.ThreadId) >= 0) return IntrinsicOutcome.Again;
        // A queued item that was freed is a use-after-free here, as the kernel's worker would commit one.
        call.Read(item + DeferredRunners.Pending);
        call.Write(item + DeferredRunners.Pending, DeferredRunners.Idle);
        var function = call.Read(item + DeferredRunners.Function);
        // A work's runner also learns the workqueue it was queued on (process_one_work() reads the pwq from the work
        // before it clears PENDING), into the caller's variable.
        if (Queue(call) is var queue && queue != 0) call.Write(queue, call.Read(item + WorkqueuePrimitives.WorkQueue));
        if (function == 0) DeferredRunners.Clear(call.Thread);
        else DeferredRunners.SetPhase(call.Thread, DeferredRunners.Phase.Running);
        call.Result = function;
        return IntrinsicOutcome.Done;
    }

    /// <summary>Where a work's runner stores its workqueue (the second argument of __lockstep_work_start), or 0.</summary>
    private static long Queue(IntrinsicCall call) =>
        DeferredRunners.KindOf(call.Thread) == DeferredRunners.ItemKind.Work ? call.Arg(1) : 0;

    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
    {
        DeferredRunners.AddItemAndRunners(call, sink);
        if (Queue(call) is var queue && queue != 0)
        {
            sink.Add(call.Arg(0) + WorkqueuePrimitives.WorkQueue, write: false);
            sink.Add(queue, write: true);
        }
    }

    // The runner's own variable it writes is private to its thread (a frame object of the runner).
    public override StaticFootprint Static => StaticFootprint.ArgumentObject | StaticFootprint.Tasks;
    public override string DescribeWait(IntrinsicCall call) => $"{Name}() waiting for the previous run of its callback";
}

/// <summary>The runner after the callback returned: it forgets the item and never touches it (the callback may have freed it).</summary>
internal sealed class RunnerDone(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
{
    public override IntrinsicOutcome Execute(IntrinsicCall call)
    {
        if (DeferredRunners.KindOf(call.Thread) == DeferredRunners.ItemKind.Work) CheckLeaks(call);
        DeferredRunners.Clear(call.Thread);
        return IntrinsicOutcome.Done;
    }

    /// <summary>
    /// process_one_work() after the function returned (kernel/workqueue.c): a work function that leaves a lock held,
    /// preemption disabled or an RCU read side open is reported, with the function's name.
    /// </summary>
    private void CheckLeaks(IntrinsicCall call)
    {
        var ctx = KernelContext.Of(call.Thread);
        var held = HeldLocks.Of(call.Thread).Count;
        var lockdepDepth = Kernel.Config.Lockdep ? held : 0;
        if (ctx.Preempt == 0 && lockdepDepth == 0 && ctx.RcuNesting == 0) return;
        var name = call.ThreadName(call.ThreadId);
        var pid = KernelBugs.Pid(call.ThreadId);
        // The work function is the wrapper's second argument (models/include/linux/workqueue.h, __lockstep_kworker).
        var f = call.Arg(1);
        var fn = Machine.Ir.Pointer.IsFunction(f) ? call.Program.Program.Functions[Machine.Ir.Pointer.FunctionIndex(f)].Name : "?";
        var text = $"BUG: workqueue leaked atomic, lock or RCU: {name}[{pid}]\n" +
                   $"     preempt=0x{ctx.Preempt:x8} lock=0->{lockdepDepth} RCU=0->{ctx.RcuNesting} workfn={fn}\n" +
                   (Kernel.Config.Lockdep ? Kernel.Lockdep.FormatHeldLocks(call) : "");
        call.Fail(BugKind.LockHeldAtExit, $"BUG: workqueue leaked atomic, lock or RCU: {name}[{pid}]", text);
    }

    // The item's first cell stands for its runners' bookkeeping in every footprint that reads or changes it.
    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => DeferredRunners.AddItemAndRunners(call, sink);
    public override StaticFootprint Static => StaticFootprint.ArgumentObject | StaticFootprint.Tasks;
}
