using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Thread-local context changes and the checks that read them: preemption, interrupts, bottom halves, the
/// non-blocking section of non_block_start(), hard/soft irq context markers, and the calls that may sleep.
/// </summary>
public static class ContextPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        KernelContext Ctx(IntrinsicCall c) => KernelContext.Of(c.Thread);
        yield return new LocalPrimitive("preempt_disable", k, c => { var x = Ctx(c); x.Preempt++; return 0; });
        yield return new LocalPrimitive("preempt_enable", k, c => { var x = Ctx(c); x.Preempt = Math.Max(0, x.Preempt - 1); return 0; });
        yield return new LocalPrimitive("migrate_disable", k, c => { var x = Ctx(c); x.Migrate++; return 0; });
        yield return new LocalPrimitive("migrate_enable", k, c => { var x = Ctx(c); x.Migrate = Math.Max(0, x.Migrate - 1); return 0; });
        yield return new LocalPrimitive("local_irq_disable", k, c => { Ctx(c).IrqsOff = 1; return 0; });
        yield return new LocalPrimitive("local_irq_enable", k, c => { Ctx(c).IrqsOff = 0; k.Lockdep.IrqsEnabled(c, hardirqs: true); return 0; });
        yield return new LocalPrimitive("__local_irq_save", k, c => { var x = Ctx(c); var old = x.IrqsOff; x.IrqsOff = 1; return old; });
        yield return new LocalPrimitive("local_irq_restore", k, c => { Ctx(c).IrqsOff = c.Arg(0) != 0 ? 1 : 0; if (c.Arg(0) == 0) k.Lockdep.IrqsEnabled(c, hardirqs: true); return 0; });
        yield return new LocalPrimitive("irqs_disabled", k, c => Ctx(c).IrqsOff != 0 ? 1 : 0);
        yield return new LocalPrimitive("local_bh_disable", k, c => { Ctx(c).BhOff++; return 0; });
        yield return new LocalPrimitive("local_bh_enable", k, c => { var x = Ctx(c); x.BhOff = Math.Max(0, x.BhOff - 1); if (x.BhOff == 0) k.Lockdep.IrqsEnabled(c, hardirqs: false); return 0; });
        yield return new LocalPrimitive("non_block_start", k, c => { Ctx(c).NonBlockCount++; return 0; });
        yield return new LocalPrimitive("non_block_end", k, c => { var x = Ctx(c); x.NonBlockCount = Math.Max(0, x.NonBlockCount - 1); return 0; });
        yield return new LocalPrimitive("hardirq_enter", k, c => { var x = Ctx(c); x.Hardirq++; x.IrqsOff++; return 0; });
        yield return new LocalPrimitive("hardirq_exit", k, c => { var x = Ctx(c); x.Hardirq = Math.Max(0, x.Hardirq - 1); x.IrqsOff = Math.Max(0, x.IrqsOff - 1); return 0; });
        yield return new LocalPrimitive("softirq_enter", k, c => { Ctx(c).Softirq++; return 0; });
        yield return new LocalPrimitive("softirq_exit", k, c => { var x = Ctx(c); x.Softirq = Math.Max(0, x.Softirq - 1); return 0; });
        yield return new LocalPrimitive("lockdep_hardirq_threaded", k, c => { Ctx(c).ThreadedHardirq = true; return 0; });
        yield return new LocalPrimitive("in_atomic", k, c => Ctx(c).InAtomic ? 1 : 0);
        yield return new LocalPrimitive("in_interrupt", k, c => Ctx(c).Hardirq + Ctx(c).Softirq > 0 ? 1 : 0);
        yield return new LocalPrimitive("preempt_count", k, c => Ctx(c).PreemptCountValue);
        yield return new LocalPrimitive("might_sleep", k, c => { k.Sleep.MightSleep(c, "might_sleep"); return 0; });
        yield return new LocalPrimitive("cond_resched", k, c => { k.Sleep.MightSleep(c, "cond_resched"); return 0; });
        yield return new LocalPrimitive("msleep", k, c => { k.Sleep.MightSleep(c, "msleep"); return 0; });
        yield return new LocalPrimitive("set_current_state", k, c => { Ctx(c).TaskState = c.Arg(0); return 0; });
        yield return new LocalPrimitive("__set_current_state", k, c => { Ctx(c).TaskState = c.Arg(0); return 0; });
        yield return new LocalPrimitive("schedule_timeout", k, c => { k.Sleep.MightSleep(c, "schedule_timeout"); return 0; });
        yield return new LocalPrimitive("schedule_timeout_interruptible", k, c => { k.Sleep.MightSleep(c, "schedule_timeout_interruptible"); return 0; });
        yield return new LocalPrimitive("schedule_timeout_uninterruptible", k, c => { k.Sleep.MightSleep(c, "schedule_timeout_uninterruptible"); return 0; });
    }
}
