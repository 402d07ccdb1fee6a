using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Kernel threads as kernel/kthread.c runs them: kthread_create() starts a thread that sleeps in kthread() until
/// wake_up_process() (kthread_run() wakes it at once); when it first runs, kthread() calls the thread function only
/// if no stop was requested before (otherwise the thread exits with -EINTR and the function never runs).
/// kthread_stop() sets the stop flag, wakes the thread (wake_up_process(), and TIF_NOTIFY_SIGNAL makes its
/// interruptible sleeps return) and waits for its exit, returning its result. current is get_current().
/// </summary>
public static class ThreadPrimitives
{
    /// <summary>Footprint location of a thread's status (written by its exit, read by kthread_stop).</summary>
    public static long StatusLocation(int thread) => ThreadLocations.Status(thread);
    /// <summary>Footprint location of a thread's stop request.</summary>
    public static long StopLocation(int thread) => ThreadLocations.Context(thread, KernelContext.StopRequested);

    public static IEnumerable<IIntrinsic> All(KernelServices kernel) =>
    [
        new Create(kernel),
        new Begin(kernel),
        new LocalPrimitive("kthread_bind", kernel, _ => 0),
        new ShouldStop(kernel),
        new Stop(kernel),
        // Local: a value computed from the caller's own id; it reads nothing.
        new LocalPrimitive("get_current", kernel, call => Pointer.Task(call.ThreadId)),
    ];

    /// <summary>__kthread_create(fn, data, name, trampoline, wake): the thread runs the trampoline (kthread() in the
    /// header), which asks <see cref="Begin"/> for fn; unless woken here it waits for wake_up_process().</summary>
    private sealed class Create(KernelServices kernel) : Primitive("__kthread_create", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var id = call.CreateThread(call.Arg(3), call.Arg(1), call.Arg(2));
            var ctx = KernelContext.Of(call.State.Thread(id));
            ctx.KthreadFn = call.Arg(0);
            // kthread(): __set_current_state(TASK_UNINTERRUPTIBLE); schedule_preempt_disabled() until woken.
            if (call.Arg(4) == 0) ctx.TaskState = TaskUninterruptible;
            call.Result = Pointer.Task(id);
            return IntrinsicOutcome.Done;
        }

        // Creating a thread touches the thread table (the next id) and the new thread, which does not exist before the
        // step: it is independent of every other thread's step but another creation (kernel/fork.c: copy_process()
        // publishes the task under tasklist_lock; nothing else sees it before wake_up_new_task()).
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(ThreadLocations.ThreadTable, write: true);
            sink.Add(StatusLocation(call.State.ThreadCount), write: true);
        }

        public override StaticFootprint Static => StaticFootprint.Spawns;
    }

    private const int TaskUninterruptible = 2;

    /// <summary>
    /// kthread()'s first step in the new thread: wait to be woken, then "if (!test_bit(KTHREAD_SHOULD_STOP, ...))
    /// ret = threadfn(data)" — returns the thread function, or 0 when a stop came first.
    /// </summary>
    private sealed class Begin(KernelServices kernel) : Primitive("__kthread_begin", IntrinsicKind.Visible, kernel)
    {
        public override bool IsEnabled(IntrinsicCall call) => KernelContext.Of(call.Thread).TaskState == 0;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var ctx = KernelContext.Of(call.Thread);
            call.Result = ctx.ShouldStop ? 0 : ctx.KthreadFn;
            ctx.KthreadFn = 0;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(StopLocation(call.ThreadId), write: false);
            sink.Add(SchedulePrimitives.StateLocation(call.ThreadId), write: false);
        }

        public override StaticFootprint Static => StaticFootprint.ReadsTasks;
        // A thread created and never woken sleeps where kthread() parked it: not a hung task, only an unused one.
        public override bool IsIdleWait(IntrinsicCall call) => true;
        public override string DescribeWait(IntrinsicCall call) => "kthread() waiting for wake_up_process()";
    }

    private sealed class ShouldStop(KernelServices kernel) : Primitive("kthread_should_stop", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            call.Result = KernelContext.Of(call.Thread).ShouldStop ? 1 : 0;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(StopLocation(call.ThreadId), write: false);
        public override StaticFootprint Static => StaticFootprint.ReadsTasks;
    }

    private sealed class Stop(KernelServices kernel) : Primitive("kthread_stop", IntrinsicKind.Visible, kernel)
    {
        private static int Target(IntrinsicCall call) => Pointer.IsTask(call.Arg(0)) ? Pointer.TaskThread(call.Arg(0)) : -1;

        public override bool IsEnabled(IntrinsicCall call)
        {
            var target = Target(call);
            if (call.Scratch == 0 || target < 0 || target >= call.State.ThreadCount) return true;
            return call.State.Thread(target).Status == ThreadStatus.Finished;
        }

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var target = Target(call);
            if (target < 0 || target >= call.State.ThreadCount)
                call.Fail(BugKind.NullDereference, "kthread_stop() of something that is not a task", "kthread_stop() needs the task kthread_run() returned");
            if (call.Scratch == 0)
            {
                Kernel.Sleep.MightSleep(call, Name);
                KernelContext.Of(call.State.Thread(target)).ShouldStop = true;
                // kthread_stop(): set_bit(KTHREAD_SHOULD_STOP); ...; wake_up_process(k).
                SchedulePrimitives.Wake(call, call.Arg(0));
                call.Scratch = 1;
                return IntrinsicOutcome.Again;
            }
            call.Result = call.State.Thread(target).ExitCode;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            var target = Target(call);
            if (target < 0) { sink.MarkGlobal(); return; }
            sink.Add(StopLocation(target), write: true);
            sink.Add(StatusLocation(target), write: false);
            sink.Add(SchedulePrimitives.StateLocation(target), write: true);
        }

        public override StaticFootprint Static => StaticFootprint.Tasks | StaticFootprint.AwaitsExit;

        // Its second phase waits for the target's status to be Finished (IsEnabled above), which only the target's own
        // exit step writes (kernel/kthread.c, kthread_stop(): wait_for_completion(&kthread->exited)).
        public override int AwaitedExit(IntrinsicCall call)
        {
            var target = Target(call);
            return call.Scratch != 0 && target >= 0 && target < call.State.ThreadCount ? target : -1;
        }

        public override string DescribeWait(IntrinsicCall call) => $"kthread_stop({call.ThreadName(Target(call))}) waiting for it to exit";
    }
}
