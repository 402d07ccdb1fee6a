using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// kthread_run(fn, data, name) starts a thread running int fn(void *data); kthread_should_stop() and kthread_stop(task)
/// work as in the kernel (kthread_stop asks, then waits for the thread's exit and returns its result); current is
/// get_current().
/// </summary>
public static class ThreadPrimitives
{
    /// <summary>Footprint location of a thread's status (written by its exit, read by kthread_stop).</summary>
    public static long StatusLocation(int thread) => ThreadLocations.Status(thread);
    /// <summary>Footprint location of a thread's stop request.</summary>
    public static long StopLocation(int thread) => ThreadLocations.Context(thread, KernelContext.StopRequested);

    public static IEnumerable<IIntrinsic> All(KernelServices kernel) =>
    [
        new Run(kernel),
        new ShouldStop(kernel),
        new Stop(kernel),
        // Local: a value computed from the caller's own id; it reads nothing.
        new LocalPrimitive("get_current", kernel, call => Pointer.Task(call.ThreadId)),
    ];

    private sealed class Run(KernelServices kernel) : Primitive("kthread_run", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var id = call.CreateThread(call.Arg(0), call.Arg(1), call.Arg(2));
            call.Result = Pointer.Task(id);
            return IntrinsicOutcome.Done;
        }
    }

    private sealed class ShouldStop(KernelServices kernel) : Primitive("kthread_should_stop", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            call.Result = KernelContext.Of(call.Thread).ShouldStop ? 1 : 0;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(StopLocation(call.ThreadId), write: false);
        public override StaticFootprint Static => StaticFootprint.Tasks;
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
                call.Fail(BugKinds.NullDereference, "kthread_stop() of something that is not a task", "kthread_stop() needs the task kthread_run() returned");
            if (call.Scratch == 0)
            {
                Kernel.Sleep.MightSleep(call, Name);
                KernelContext.Of(call.State.Thread(target)).ShouldStop = true;
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
        }

        public override StaticFootprint Static => StaticFootprint.Tasks;

        public override string DescribeWait(IntrinsicCall call) => $"kthread_stop({call.ThreadName(Target(call))}) waiting for it to exit";
    }
}
