using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Hard interrupts. request_irq(irq, handler, flags, name, dev) registers a handler; from then on it may fire once
/// (per registration) on any thread that is running with interrupts enabled, at any of that thread's steps: the
/// handler runs on that thread's stack in hard-irq context (irqs off), as on real hardware, so lockdep sees the
/// locks the interrupted code holds. free_irq(irq, dev) unregisters it. Registrations live in the state's shared
/// kernel words as [handler, dev, irq, fires left].
/// On PREEMPT_RT, request_irq() force-threads the handler unless IRQF_NO_THREAD is set (kernel/irq/manage.c:
/// irq_setup_forced_threading(); force_irqthreads() is always true on RT): it then runs, at most once, in an irq
/// thread "irq/N-name" in task context with bottom halves disabled (irq_forced_thread_fn()), where a spinlock_t
/// is legal; free_irq() keeps it from running later and waits for it if it runs (synchronize_irq()).
/// </summary>
public static class InterruptPrimitives
{
    private const int Words = 4;

    /// <summary>IRQF_NO_THREAD (include/linux/interrupt.h).</summary>
    public const long NoThread = 0x00010000;

    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new RequestIrq(k), new FreeIrq(k), new IrqThreadBegin(k),
        new RunnerDone("__lockstep_irq_thread_done", k),
        new LocalPrimitive("__lockstep_irq_thread_irq", k, c => DeferredRunners.TagOf(c.Thread)),
    ];

    /// <summary>The key an irq thread is known by: its dev_id, or the irq number when dev_id is NULL.</summary>
    private static long ThreadKey(long irq, long dev) => dev != 0 ? dev : -(irq + 1);

    public static int Pending(IntrinsicCall call, KernelConfig config)
    {
        var ctx = KernelContext.Of(call.Thread);
        if (ctx.IrqsOff != 0 || ctx.Hardirq != 0) return 0;
        return HardIrqSources(call) + TimerSoftirqs.Count(call, config);
    }

    private static int HardIrqSources(IntrinsicCall call)
    {
        var shared = call.State.Shared;
        var n = 0;
        for (var i = 0; i + Words <= shared.Count; i += Words)
            if (shared[i + 3] > 0) n++;
        return n;
    }

    public static (long, long, long) Enter(IntrinsicCall call, int source)
    {
        var shared = call.State.Shared;
        for (var i = 0; i + Words <= shared.Count; i += Words)
        {
            if (shared[i + 3] <= 0) continue;
            if (source-- > 0) continue;
            shared[i + 3]--;
            var ctx = KernelContext.Of(call.Thread);
            ctx.Hardirq++;
            ctx.IrqsOff++;
            return (shared[i], shared[i + 2], shared[i + 1]);
        }
        TimerSoftirqs.Deliver(call, source);
        return (0, 0, 0);
    }

    public static void Exit(IntrinsicCall call)
    {
        var ctx = KernelContext.Of(call.Thread);
        ctx.Hardirq = Math.Max(0, ctx.Hardirq - 1);
        ctx.IrqsOff = Math.Max(0, ctx.IrqsOff - 1);
    }

    /// <summary>request_irq(irq, handler, flags, name, dev, irq_thread): irq_thread is the header's irq_thread().</summary>
    private sealed class RequestIrq(KernelServices kernel) : Primitive("__request_irq", IntrinsicKind.Visible, kernel)
    {
        /// <summary>From now on the handler may run on any thread with interrupts enabled.</summary>
        public override StaticFootprint Static => StaticFootprint.Global | StaticFootprint.RunsAnywhere;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            Kernel.Sleep.MightSleep(call, "request_irq");
            var (irq, handler, flags, dev) = (call.Arg(0), call.Arg(1), call.Arg(2), call.Arg(4));
            if (Kernel.Config.PreemptRt && (flags & NoThread) == 0 && call.Arg(5) != 0)
            {
                // The irq thread is named after the action (the kernel's "irq/N-name" without the number).
                var id = call.CreateThread(call.Arg(5), dev, call.Arg(3));
                var thread = call.State.Thread(id);
                KernelContext.Of(thread).KthreadFn = handler;
                DeferredRunners.Set(thread, ThreadKey(irq, dev), DeferredRunners.ItemKind.IrqThread, DeferredRunners.Phase.Waiting, tag: irq);
                call.Result = 0;
                return IntrinsicOutcome.Done;
            }
            var shared = call.State.Shared;
            shared.Add(handler);
            shared.Add(dev);
            shared.Add(irq);
            shared.Add(1);             // fires left
            call.Result = 0;
            return IntrinsicOutcome.Done;
        }
    }

    /// <summary>free_irq(irq, dev): unregisters; a threaded handler that has not run never will, one that runs is waited for.</summary>
    private sealed class FreeIrq(KernelServices kernel) : Primitive("free_irq", IntrinsicKind.Visible, kernel)
    {
        private static int Running(IntrinsicCall call) =>
            DeferredRunners.Find(call, ThreadKey(call.Arg(0), call.Arg(1)), DeferredRunners.Phase.Running);

        public override bool IsEnabled(IntrinsicCall call) => Running(call) < 0;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var shared = call.State.Shared;
            for (var i = 0; i + Words <= shared.Count; i += Words)
                if (shared[i + 2] == call.Arg(0) && shared[i + 1] == call.Arg(1)) shared[i + 3] = 0;
            DeferredRunners.Unqueue(call, ThreadKey(call.Arg(0), call.Arg(1)));
            return IntrinsicOutcome.Done;
        }

        public override string DescribeWait(IntrinsicCall call) => "free_irq() waiting for the threaded handler (synchronize_irq())";
    }

    /// <summary>
    /// irq_thread()'s first step: the interrupt arrives (choice 0: the thread runs the handler and returns it) or
    /// never does (choice 1); a handler already freed never runs.
    /// </summary>
    private sealed class IrqThreadBegin(KernelServices kernel) : Primitive("__lockstep_irq_thread_begin", IntrinsicKind.Visible, kernel)
    {
        public override int ChoiceCount(IntrinsicCall call) =>
            DeferredRunners.PhaseOf(call.Thread) == DeferredRunners.Phase.Waiting ? 2 : 1;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            if (DeferredRunners.PhaseOf(call.Thread) != DeferredRunners.Phase.Waiting || call.Choice == 1)
            {
                DeferredRunners.Clear(call.Thread);
                call.Result = 0;
                return IntrinsicOutcome.Done;
            }
            DeferredRunners.SetPhase(call.Thread, DeferredRunners.Phase.Running);
            call.Result = KernelContext.Of(call.Thread).KthreadFn;
            KernelContext.Of(call.Thread).KthreadFn = 0;
            return IntrinsicOutcome.Done;
        }
    }
}
