using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Context changes and the checks that read them: preemption, interrupts, bottom halves, the non-blocking section of
/// non_block_start(), hard/soft irq context markers, and the calls that may sleep.
/// Each primitive that stays local says in one line why nothing outside its thread can observe it. The interrupt
/// enable state is observed by interrupt delivery: an interrupt arrives only where a thread parks with interrupts on,
/// so every change of it is a scheduling point (<see cref="IrqChange"/>), and
/// <c>local_irq_enable(); local_irq_disable();</c> has a window in which a handler can run, as in the kernel.
/// </summary>
public static class ContextPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        KernelContext Ctx(IntrinsicCall c) => KernelContext.Of(c.Thread);
        // Local: the preempt count is read only by this thread's own sleep checks (each thread runs on its own CPU here).
        yield return new LocalPrimitive("preempt_disable", k, c => { var x = Ctx(c); x.Preempt++; return 0; });
        // Local: as preempt_disable.
        yield return new LocalPrimitive("preempt_enable", k, c => { var x = Ctx(c); x.Preempt = Math.Max(0, x.Preempt - 1); return 0; });
        // Local: the migrate-disable count is read by no one (each thread has a CPU of its own).
        yield return new LocalPrimitive("migrate_disable", k, c => { var x = Ctx(c); x.Migrate++; return 0; });
        // Local: as migrate_disable.
        yield return new LocalPrimitive("migrate_enable", k, c => { var x = Ctx(c); x.Migrate = Math.Max(0, x.Migrate - 1); return 0; });
        yield return new IrqChange("local_irq_disable", k, c => { Ctx(c).IrqsOff = 1; return 0; });
        yield return new IrqChange("local_irq_enable", k, c => { Ctx(c).IrqsOff = 0; k.Lockdep.IrqsEnabled(c, hardirqs: true); return 0; });
        yield return new IrqChange("__local_irq_save", k, c => { var x = Ctx(c); var old = x.IrqsOff; x.IrqsOff = 1; return old; });
        yield return new IrqChange("local_irq_restore", k, c => { Ctx(c).IrqsOff = c.Arg(0) != 0 ? 1 : 0; if (c.Arg(0) == 0) k.Lockdep.IrqsEnabled(c, hardirqs: true); return 0; });
        // Local: reads this thread's own irq state.
        yield return new LocalPrimitive("irqs_disabled", k, c => Ctx(c).IrqsOff != 0 ? 1 : 0);
        // Local: no softirq is delivered onto a thread here (timers and callbacks run on threads of their own), so only
        // this thread's sleep checks and lockdep's per-thread irq state read the bh count.
        yield return new LocalPrimitive("local_bh_disable", k, c => { Ctx(c).BhOff++; return 0; });
        // Local: as local_bh_disable (lockdep's usage bits are search-wide, not state another thread reads).
        yield return new LocalPrimitive("local_bh_enable", k, c => { var x = Ctx(c); x.BhOff = Math.Max(0, x.BhOff - 1); if (x.BhOff == 0) k.Lockdep.IrqsEnabled(c, hardirqs: false); return 0; });
        // Local: the non-block count is read only by this thread's sleep checks.
        yield return new LocalPrimitive("non_block_start", k, c => { Ctx(c).NonBlockCount++; return 0; });
        // Local: as non_block_start.
        yield return new LocalPrimitive("non_block_end", k, c => { var x = Ctx(c); x.NonBlockCount = Math.Max(0, x.NonBlockCount - 1); return 0; });
        yield return new IrqChange("hardirq_enter", k, c => { var x = Ctx(c); x.Hardirq++; x.IrqsOff++; return 0; });
        yield return new IrqChange("hardirq_exit", k, c => { var x = Ctx(c); x.Hardirq = Math.Max(0, x.Hardirq - 1); x.IrqsOff = Math.Max(0, x.IrqsOff - 1); return 0; });
        // Local: the softirq depth is read only by this thread's checks (no softirq is delivered onto a thread).
        yield return new LocalPrimitive("softirq_enter", k, c => { Ctx(c).Softirq++; return 0; });
        // Local: as softirq_enter.
        yield return new LocalPrimitive("softirq_exit", k, c => { var x = Ctx(c); x.Softirq = Math.Max(0, x.Softirq - 1); return 0; });
        // Local: a lockdep annotation of this thread's own irq context.
        yield return new LocalPrimitive("lockdep_hardirq_threaded", k, c => { Ctx(c).ThreadedHardirq = true; return 0; });
        // Local: reads this thread's own context.
        yield return new LocalPrimitive("in_atomic", k, c => Ctx(c).InAtomic ? 1 : 0);
        // Local: reads this thread's own context.
        yield return new LocalPrimitive("in_interrupt", k, c => Ctx(c).Hardirq + Ctx(c).Softirq > 0 ? 1 : 0);
        // Local: reads this thread's own context.
        yield return new LocalPrimitive("preempt_count", k, c => Ctx(c).PreemptCountValue);
        // Local: a check of this thread's own context; it changes nothing.
        yield return new LocalPrimitive("might_sleep", k, c => { k.Sleep.MightSleep(c, "might_sleep"); return 0; });
        // Local: a check of this thread's own context; with a CPU per thread there is no one to yield to.
        yield return new LocalPrimitive("cond_resched", k, c => { k.Sleep.MightSleep(c, "cond_resched"); return 0; });
        // Local: time is not modelled and msleep() leaves the task state TASK_RUNNING; only this thread's context is checked.
        yield return new LocalPrimitive("msleep", k, c => { k.Sleep.MightSleep(c, "msleep"); return 0; });
    }

    /// <summary>
    /// A change of the interrupt enable state (or hard-irq context): what <see cref="InterruptPrimitives.Pending"/>
    /// reads to decide whether an interrupt may arrive. It is a scheduling point, so that the thread parks before it
    /// and — after an enable — before the next visible operation with interrupts on. Its footprint is empty: only its
    /// own thread's cells change, and an interrupt arriving on that thread is dependent with everything anyway.
    /// </summary>
    private sealed class IrqChange(string name, KernelServices kernel, Func<IntrinsicCall, long> body)
        : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            call.Result = body(call);
            return IntrinsicOutcome.Done;
        }

        public override StaticFootprint Static => StaticFootprint.None;
        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) { }
    }
}
