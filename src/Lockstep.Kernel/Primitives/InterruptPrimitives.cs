using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Hard interrupts. request_irq(irq, handler, flags, name, dev) registers a handler; from then on it may fire once
/// (per registration) on any thread that is running with interrupts enabled, at any of that thread's steps: the
/// handler runs on that thread's stack in hard-irq context (irqs off), as on real hardware, so lockdep sees the
/// locks the interrupted code holds. free_irq(irq, dev) unregisters it. Registrations live in the state's shared
/// kernel words as [handler, dev, irq, fires left].
/// </summary>
public static class InterruptPrimitives
{
    private const int Words = 4;

    public static IEnumerable<IIntrinsic> All(KernelServices k) => [new RequestIrq(k), new FreeIrq(k)];

    public static int Pending(IntrinsicCall call)
    {
        var ctx = KernelContext.Of(call.Thread);
        if (ctx.IrqsOff != 0 || ctx.Hardirq != 0) return 0;
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
        throw new InvalidOperationException("no such interrupt source");
    }

    public static void Exit(IntrinsicCall call)
    {
        var ctx = KernelContext.Of(call.Thread);
        ctx.Hardirq = Math.Max(0, ctx.Hardirq - 1);
        ctx.IrqsOff = Math.Max(0, ctx.IrqsOff - 1);
    }

    private sealed class RequestIrq(KernelServices kernel) : Primitive("request_irq", IntrinsicKind.Visible, kernel)
    {
        /// <summary>From now on the handler may run on any thread with interrupts enabled.</summary>
        public override StaticFootprint Static => StaticFootprint.Global | StaticFootprint.RunsAnywhere;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            Kernel.Sleep.MightSleep(call, Name);
            var shared = call.State.Shared;
            shared.Add(call.Arg(1));   // handler
            shared.Add(call.Arg(4));   // dev_id
            shared.Add(call.Arg(0));   // irq
            shared.Add(1);             // fires left
            call.Result = 0;
            return IntrinsicOutcome.Done;
        }
    }

    private sealed class FreeIrq(KernelServices kernel) : Primitive("free_irq", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var shared = call.State.Shared;
            for (var i = 0; i + Words <= shared.Count; i += Words)
                if (shared[i + 2] == call.Arg(0) && shared[i + 1] == call.Arg(1)) shared[i + 3] = 0;
            return IntrinsicOutcome.Done;
        }
    }
}
