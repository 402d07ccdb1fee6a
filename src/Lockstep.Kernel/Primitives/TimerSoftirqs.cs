using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;
using static Lockstep.Kernel.Primitives.DeferredRunners;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// The timer softirq run on the CPU of the thread it interrupts. An armed timer's callback runs on a runner thread of
/// its own (another CPU); but the kernel may run it at irq_exit() on any CPU whose softirqs are enabled
/// (kernel/softirq.c, __irq_exit_rcu() → invoke_softirq() → run_timer_softirq()), and then the interrupted thread
/// cannot go on until the callback returns: if the callback wants a lock that thread holds (taken without _bh), the
/// CPU spins forever. Delivery is an interrupt of the thread that hands its CPU to the runner: the runner's host is
/// suspended until the runner is done.
/// </summary>
/// <remarks>
/// Only with lockdep off (<c>--config NO_LOCKDEP</c>). With lockdep on the runner thread's callback runs in softirq
/// context, so lockdep already reports every lock that such a delivery would deadlock on ("inconsistent lock state",
/// SOFTIRQ-ON-W against IN-SOFTIRQ-W), and running the callback on the runner covers every other interleaving the
/// delivery would: so the delivery only adds states there. Not on PREEMPT_RT, where timers expire in the ktimers
/// thread, in task context, as the runner thread already is.
/// </remarks>
public static class TimerSoftirqs
{
    /// <summary>Can the thread <paramref name="call"/> is bound to take a softirq now: softirqs enabled, not in an
    /// interrupt (softirqs run at the outermost irq exit only), not suspended already?</summary>
    private static bool CanBeInterrupted(IntrinsicCall call, KernelConfig config)
    {
        if (config.Lockdep || config.PreemptRt) return false;
        var ctx = KernelContext.Of(call.Thread);
        return ctx.IrqsOff == 0 && ctx.Hardirq == 0 && ctx.Softirq == 0 && ctx.BhOff == 0;
    }

    private static bool Deliverable(MachineState state, int runner, int host)
    {
        if (runner == host) return false;
        var thread = state.Thread(runner);
        if (thread.Status != ThreadStatus.Running) return false;
        return KindOf(thread) == ItemKind.Timer && PhaseOf(thread) == Phase.Waiting && KernelContext.Of(thread).Host == 0;
    }

    /// <summary>How many armed timers could expire on this thread's CPU now.</summary>
    public static int Count(IntrinsicCall call, KernelConfig config)
    {
        if (!CanBeInterrupted(call, config)) return 0;
        var n = 0;
        for (var t = 0; t < call.State.ThreadCount; t++)
            if (Deliverable(call.State, t, call.ThreadId)) n++;
        return n;
    }

    /// <summary>Runs the <paramref name="source"/>-th deliverable timer as this thread's softirq.</summary>
    public static void Deliver(IntrinsicCall call, int source)
    {
        for (var t = 0; t < call.State.ThreadCount; t++)
        {
            if (!Deliverable(call.State, t, call.ThreadId)) continue;
            if (source-- > 0) continue;
            KernelContext.Of(call.State.Thread(t)).Host = call.ThreadId + 1;
            return;
        }
        throw new InvalidOperationException("no such timer softirq");
    }

    /// <summary>The runner this thread's CPU is running as a softirq, or -1.</summary>
    public static int GuestOf(IntrinsicCall call)
    {
        var host = call.ThreadId + 1;
        for (var t = 0; t < call.State.ThreadCount; t++)
        {
            var thread = call.State.Thread(t);
            if (thread.Status != ThreadStatus.Finished && KernelContext.Of(thread).Host == host) return t;
        }
        return -1;
    }

    public static string DescribeSuspension(IntrinsicCall call) =>
        GuestOf(call) is var guest and >= 0
            ? $"its CPU running the timer softirq ({call.ThreadName(guest)}), which never finishes"
            : "suspended";
}
