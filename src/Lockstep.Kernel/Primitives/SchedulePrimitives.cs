using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// The kernel's sleep protocol: set_current_state(TASK_UNINTERRUPTIBLE) ... schedule() sleeps until a wake-up sets
/// the task back to TASK_RUNNING (wake_up_process, rcuwait_wake_up); a wake-up that comes between the two makes
/// schedule() return at once, so no wake-up is lost. prepare_to_rcuwait()/finish_rcuwait() publish and retract the
/// waiter, as kvm_swap_active_memslots() uses them around its schedule() loop.
/// </summary>
public static class SchedulePrimitives
{
    /// <summary>Footprint location of a thread's task state.</summary>
    public static long StateLocation(int thread) => ThreadLocations.Context(thread, KernelContext.TaskStateCell);

    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new Schedule(k),
        new WakeUpProcess(k),
        new RcuwaitCell("prepare_to_rcuwait", k, (c, w) => { c.Write(w, Pointer.Task(c.ThreadId)); c.Write(w + 1, 0); }),
        new RcuwaitCell("finish_rcuwait", k, (c, w) => { c.Write(w, 0); c.Write(w + 1, 0); KernelContext.Of(c.Thread).TaskState = 0; }, setsRunning: true),
        new RcuwaitWakeUp(k),
        new SetState("set_current_state", k),
        new SetState("__set_current_state", k),
        new ScheduleTimeout("schedule_timeout", k),
        new ScheduleTimeout("schedule_timeout_interruptible", k),
        new ScheduleTimeout("schedule_timeout_uninterruptible", k),
    ];

    public const long TaskInterruptible = 1;
    /// <summary>TASK_NOLOAD: with TASK_UNINTERRUPTIBLE it is TASK_IDLE, a sleep the hung-task detector ignores.</summary>
    public const long TaskNoLoad = 0x400;

    /// <summary>A sleep that is a daemon's idle wait, not a hung task: TASK_INTERRUPTIBLE or TASK_IDLE.</summary>
    public static bool IsIdleState(long state) => state == TaskInterruptible || (state & TaskNoLoad) != 0;

    /// <summary>
    /// signal_pending_state(): an interruptible sleep does not block while a signal is pending. A kthread has one
    /// once kthread_stop() set TIF_NOTIFY_SIGNAL on it (kernel/kthread.c), and nothing clears it in a kthread.
    /// </summary>
    public static bool SignalPending(ModelThread thread, long state) =>
        (state & TaskInterruptible) != 0 && KernelContext.Of(thread).ShouldStop;

    /// <summary>Wakes the task behind a task pointer: it becomes TASK_RUNNING.</summary>
    internal static bool Wake(IntrinsicCall call, long task)
    {
        if (!Pointer.IsTask(task)) return false;
        var id = Pointer.TaskThread(task);
        if (id < 0 || id >= call.State.ThreadCount) return false;
        var ctx = KernelContext.Of(call.State.Thread(id));
        var wasSleeping = ctx.TaskState != 0;
        ctx.TaskState = 0;
        return wasSleeping;
    }

    private sealed class Schedule(KernelServices kernel) : Primitive("schedule", IntrinsicKind.Visible, kernel)
    {
        private static bool Runs(ModelThread thread)
        {
            var state = KernelContext.Of(thread).TaskState;
            return state == 0 || SignalPending(thread, state);
        }

        public override bool IsEnabled(IntrinsicCall call) => Runs(call.Thread) || Kernel.Sleep.WouldReport(call);

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            Kernel.Sleep.Schedule(call, Name);
            Kernel.Sleep.MightSleep(call, Name);
            if (!Runs(call.Thread)) return IntrinsicOutcome.Again;
            // __schedule(): a pending signal puts an interruptible sleeper back to TASK_RUNNING.
            KernelContext.Of(call.Thread).TaskState = 0;
            return IntrinsicOutcome.Done;
        }

        public override StaticFootprint Static => StaticFootprint.Tasks;
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(StateLocation(call.ThreadId), write: false);
            sink.Add(ThreadPrimitives.StopLocation(call.ThreadId), write: false);
        }

        public override bool IsIdleWait(IntrinsicCall call) => IsIdleState(KernelContext.Of(call.Thread).TaskState);
        public override string DescribeWait(IntrinsicCall call) =>
            $"schedule() in {KernelContext.Of(call.Thread).TaskState switch { TaskInterruptible => "TASK_INTERRUPTIBLE", var s when (s & TaskNoLoad) != 0 => "TASK_IDLE", _ => "TASK_UNINTERRUPTIBLE" }}, never woken";
    }

    /// <summary>
    /// set_current_state(s) is smp_store_mb(current->__state, s) and __set_current_state(s) is
    /// WRITE_ONCE(current->__state, s) (include/linux/sched.h): a store to the task's state that try_to_wake_up()
    /// on another CPU reads and overwrites (kernel/sched/core.c). So it is a step of its own, with the task state in
    /// its footprint: between the waiter's test of its condition and this store a wake-up can come and be lost.
    /// </summary>
    private sealed class SetState(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            KernelContext.Of(call.Thread).TaskState = call.Arg(0);
            return IntrinsicOutcome.Done;
        }

        public override StaticFootprint Static => StaticFootprint.Tasks;
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(StateLocation(call.ThreadId), write: true);
    }

    /// <summary>
    /// schedule_timeout(t) sleeps in the current task state until a wake-up or the timeout (kernel/time/sleep_timeout.c;
    /// the _interruptible/_uninterruptible forms set the state first). Time is not modelled, so the timeout always comes:
    /// it returns, and the task is TASK_RUNNING again — a write of the task state, hence a step with it in its footprint.
    /// </summary>
    private sealed class ScheduleTimeout(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            Kernel.Sleep.MightSleep(call, Name);
            KernelContext.Of(call.Thread).TaskState = 0;
            call.Result = 0;
            return IntrinsicOutcome.Done;
        }

        public override StaticFootprint Static => StaticFootprint.Tasks;
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(StateLocation(call.ThreadId), write: true);
    }

    private sealed class WakeUpProcess(KernelServices kernel) : Primitive("wake_up_process", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            call.Result = Wake(call, call.Arg(0)) ? 1 : 0;
            return IntrinsicOutcome.Done;
        }

        public override StaticFootprint Static => StaticFootprint.Tasks;
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            if (Pointer.IsTask(call.Arg(0))) sink.Add(StateLocation(Pointer.TaskThread(call.Arg(0))), write: true);
            else sink.MarkGlobal();
        }
    }

    /// <summary>prepare_to_rcuwait / finish_rcuwait on struct rcuwait { __task, __woken }; finish_rcuwait() also
    /// does __set_current_state(TASK_RUNNING) (include/linux/rcuwait.h), a store wake-ups race with.</summary>
    private sealed class RcuwaitCell(string name, KernelServices kernel, Action<IntrinsicCall, long> body, bool setsRunning = false)
        : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            body(call, call.Arg(0));
            return IntrinsicOutcome.Done;
        }

        public override StaticFootprint Static => setsRunning ? StaticFootprint.ArgumentObject | StaticFootprint.Tasks : StaticFootprint.ArgumentObject;
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(call.Arg(0), write: true);
            sink.Add(call.Arg(0) + 1, write: true);
            if (setsRunning) sink.Add(StateLocation(call.ThreadId), write: true);
        }
    }

    /// <summary>rcuwait_wake_up(w): wakes the published waiter (both schedule()-style and rcuwait_wait_event() waiters).</summary>
    private sealed class RcuwaitWakeUp(KernelServices kernel) : Primitive("rcuwait_wake_up", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var w = call.Arg(0);
            var task = call.Read(w);
            if (task == 0) { call.Result = 0; return IntrinsicOutcome.Done; }
            call.Write(w + 1, 1);
            Wake(call, task);
            call.Result = 1;
            return IntrinsicOutcome.Done;
        }

        public override StaticFootprint Static => StaticFootprint.ArgumentObject | StaticFootprint.Tasks;
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(call.Arg(0), write: true);
            sink.Add(call.Arg(0) + 1, write: true);
            if (call.TryRead(call.Arg(0), out var task) && Pointer.IsTask(task)) sink.Add(StateLocation(Pointer.TaskThread(task)), write: true);
        }
    }
}
