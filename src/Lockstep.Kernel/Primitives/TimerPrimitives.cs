using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;
using static Lockstep.Kernel.Primitives.DeferredRunners;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Timers (kernel/time/timer.c). mod_timer()/add_timer() arm the timer: its callback runs later, in softirq
/// context, on a runner thread (when is up to the search: expiry times are abstracted away). The timer softirq
/// detaches the timer (PENDING clear) before it calls the callback, so the callback may re-arm it; a re-armed timer
/// waits for the running callback (a timer is non-reentrant). del_timer_sync() never sleeps on !PREEMPT_RT: it
/// retries until the callback is not running and then removes a re-armed timer; timer_shutdown_sync() also clears
/// the function so that the timer cannot be armed again.
/// </summary>
public static class TimerPrimitives
{
    public const string ThreadName = "ktimer/0";

    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new ModTimer(k),
        new RunnerStart("__lockstep_timer_start", k),
        new RunnerDone("__lockstep_timer_done", k),
        new DeleteSync(k),
        new WaitPrimitives.Cells("__timer_delete", k, (c, t) =>
        {
            // __timer_delete(): detach_if_pending(); with shutdown, timer->function = NULL so it cannot be re-armed.
            var queued = c.Read(t + Pending) == Queued;
            if (queued) { Unqueue(c, t); c.Write(t + Pending, Idle); }
            if (c.Arg(1) != 0) c.Write(t + Function, 0);
            return queued ? 1 : 0;
        }, footprint: AddItemAndRunners, statics: StaticFootprint.ArgumentObject | StaticFootprint.Tasks),
        new WaitPrimitives.Cells("timer_pending", k, (c, t) => c.Read(t + Pending) == Queued ? 1 : 0, write: false),
    ];

    /// <summary>__mod_timer(timer, runner): returns whether the timer was pending (it stays armed, once).</summary>
    private sealed class ModTimer(KernelServices kernel) : Primitive("__mod_timer", IntrinsicKind.Visible, kernel)
    {
        /// <summary>With lockdep off an armed timer may expire as the softirq of any thread (<see cref="TimerSoftirqs"/>):
        /// no static bound on a thread's future holds then.</summary>
        public override StaticFootprint Static =>
            Kernel.Config.Lockdep ? StaticFootprint.Global : StaticFootprint.Global | StaticFootprint.RunsAnywhere;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var timer = call.Arg(0);
            // __mod_timer(): "if (!timer->function) goto out_unlock" — a shut-down timer is silently not armed.
            if (call.Read(timer + Function) == 0) { call.Result = 0; return IntrinsicOutcome.Done; }
            if (call.Read(timer + Pending) == Queued) { call.Result = 1; return IntrinsicOutcome.Done; }
            call.Write(timer + Pending, Queued);
            var id = call.CreateThread(call.Arg(1), timer, Kernel.ThreadName(ThreadName));
            Set(call.State.Thread(id), timer, ItemKind.Timer, Phase.Waiting);
            call.Result = 0;
            return IntrinsicOutcome.Done;
        }
    }

    /// <summary>
    /// __timer_delete_sync(timer, shutdown) after its lockdep annotation (in the header): WARN_ON(in_hardirq());
    /// on PREEMPT_RT lockdep_assert_preemption_enabled() (the slow path sleeps on the base's expiry lock); then
    /// __try_to_del_timer_sync() until the callback is not running, which detaches a pending (re-armed) timer.
    /// On !PREEMPT_RT the retry loop spins (cpu_relax()): legal with bottom halves or preemption disabled.
    /// </summary>
    private sealed class DeleteSync(KernelServices kernel) : Primitive("__timer_delete_sync", IntrinsicKind.Visible, kernel)
    {
        private bool Reports(IntrinsicCall call) =>
            KernelContext.Of(call.Thread).Hardirq > 0
            || Kernel.Config.PreemptRt && Kernel.Sleep.WouldReport(call, Contexts.SleepCheck.Sleeper.RtSpinLock);

        public override bool IsEnabled(IntrinsicCall call) => Find(call, call.Arg(0), Phase.Running) < 0 || Reports(call);

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var timer = call.Arg(0);
            if (KernelContext.Of(call.Thread).Hardirq > 0)
            {
                var title = $"WARNING: CPU: 0 PID: {KernelBugs.Pid(call.ThreadId)} at kernel/time/timer.c __timer_delete_sync+0x0/0x0";
                call.Fail(BugKind.WarnOn, $"{title} (WARN_ON(in_hardirq()))",
                    $"{title}\ndel_timer_sync() called from hard interrupt context: it would wait for a callback the interrupt keeps from finishing\n");
            }
            if (Kernel.Config.PreemptRt) Kernel.Sleep.MightSleep(call, "del_timer_sync", Contexts.SleepCheck.Sleeper.RtSpinLock);
            var queued = call.Read(timer + Pending) == Queued;
            if (Find(call, timer, Phase.Running) >= 0) return IntrinsicOutcome.Again;
            if (queued) { Unqueue(call, timer); call.Write(timer + Pending, Idle); }
            if (call.Arg(1) != 0) call.Write(timer + Function, 0);
            call.Result = queued ? 1 : 0;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => DeferredRunners.AddItemAndRunners(call, sink);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject | StaticFootprint.Tasks;
        public override string DescribeWait(IntrinsicCall call) => "del_timer_sync() waiting for the callback to finish";
    }
}
