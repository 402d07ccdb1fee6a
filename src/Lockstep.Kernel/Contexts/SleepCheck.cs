using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;
using Lockstep.Kernel.Primitives;
using Lockstep.Kernel.Splats;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Contexts;

/// <summary>
/// The kernel's <c>__might_resched()</c> and <c>schedule_debug()</c>: sleeping in atomic context, with interrupts off,
/// inside an RCU read side, or inside a non_block_start() section is a bug, reported with the kernel's wording.
/// </summary>
public sealed class SleepCheck(KernelConfig config, LockdepBridge lockdep)
{
    /// <summary>What is about to sleep: plain sleeping code, or an RT sleeping spinlock (which the proposed
    /// RTLOCK_IN_NON_BLOCK semantics let through non_block sections).</summary>
    public enum Sleeper { Sleeping, RtSpinLock }

    /// <summary>Would <see cref="MightSleep"/> report here? Blocking primitives use it to stay enabled so that the report gets its step.</summary>
    public bool WouldReport(IntrinsicCall call, Sleeper sleeper = Sleeper.Sleeping)
    {
        var ctx = KernelContext.Of(call.Thread);
        // rtlock_might_resched() passes the current RCU depth as expected: an RT spinlock may be taken inside
        // rcu_read_lock() (and inside another RT spinlock, which holds one), everything else may not.
        var expectedRcu = sleeper == Sleeper.RtSpinLock ? ctx.RcuNesting : 0;
        var rcuBad = ctx.RcuNesting > expectedRcu;
        var nonBlock = ctx.NonBlockCount > 0 && !(sleeper == Sleeper.RtSpinLock && config.RtlockInNonBlock);
        return ctx.InAtomicFor(config.PreemptRt) || ctx.IrqsOff != 0 || rcuBad || nonBlock || ctx.Hardirq != 0;
    }

    /// <summary>Fails the step if sleeping is not allowed here.</summary>
    public void MightSleep(IntrinsicCall call, string callee, Sleeper sleeper = Sleeper.Sleeping)
    {
        if (!WouldReport(call, sleeper)) return;
        var ctx = KernelContext.Of(call.Thread);
        var expectedRcu = sleeper == Sleeper.RtSpinLock ? ctx.RcuNesting : 0;
        var inAtomic = ctx.InAtomicFor(config.PreemptRt);
        var site = call.SourceSite;
        var splat = new SleepInInvalidContextSplat(
            LockdepBridge.Task(call), site?.File ?? "?", site?.Line ?? 0,
            inAtomic, ctx.IrqsOff > 0, (int)ctx.NonBlockCount, (int)ctx.PreemptCountFor(config.PreemptRt), 0,
            (int)ctx.RcuNesting, (int)expectedRcu, lockdep.PrintHeld(call), null,
            Stack(call, sleeper == Sleeper.RtSpinLock ? RtLockFunction(callee) : callee));
        call.Fail(BugKind.SleepInAtomic, $"{splat.Title} ({callee} in {site?.Function}{(ctx.NonBlockCount > 0 ? ", non_block: " + ctx.NonBlockCount : "")})",
            lockdep.Formatter.Format(splat));
    }

    /// <summary>schedule() itself: "scheduling in a non-blocking section" / "scheduling while atomic".</summary>
    public void Schedule(IntrinsicCall call, string callee)
    {
        var ctx = KernelContext.Of(call.Thread);
        if (ctx.NonBlockCount > 0)
        {
            var splat = new NonBlockingScheduleSplat(LockdepBridge.Task(call), (int)ctx.NonBlockCount, Stack(call, callee));
            call.Fail(BugKind.SleepInAtomic, splat.Title, lockdep.Formatter.Format(splat));
        }
        if (ctx.InAtomicFor(config.PreemptRt))
        {
            var splat = new SchedulingWhileAtomicSplat(LockdepBridge.Task(call), (int)ctx.PreemptCountFor(config.PreemptRt), lockdep.PrintHeld(call), null, Stack(call, callee));
            call.Fail(BugKind.SleepInAtomic, splat.Title, lockdep.Formatter.Format(splat));
        }
    }

    /// <summary>The RT lock entry point that calls __might_resched for a spinlock_t/rwlock_t primitive.</summary>
    private static string RtLockFunction(string callee) =>
        callee.StartsWith("read_", StringComparison.Ordinal) ? "rt_read_lock"
        : callee.StartsWith("write_", StringComparison.Ordinal) ? "rt_write_lock"
        : "rt_spin_lock";

    /// <summary>The kernel stack of the sleeping call: dump_stack, __might_resched, the primitive, then the model's frames.</summary>
    private static LockTrace Stack(IntrinsicCall call, string callee)
    {
        var list = new List<string> { "__might_resched", callee };
        list.AddRange(LockdepBridge.KernelFrames(call));
        return new LockTrace(list);
    }
}
