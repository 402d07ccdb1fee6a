using System.Text;
using Lockstep.Kernel.Primitives;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Contexts;

/// <summary>
/// The kernel's <c>__might_resched()</c> and <c>schedule_debug()</c>: sleeping in atomic context, with interrupts off,
/// inside an RCU read side, or inside a non_block_start() section is a bug, reported with the kernel's wording.
/// </summary>
public sealed class SleepCheck(KernelConfig config)
{
    /// <summary>What is about to sleep: plain sleeping code, or an RT sleeping spinlock (which the proposed
    /// RTLOCK_IN_NON_BLOCK semantics let through non_block sections).</summary>
    public enum Sleeper { Sleeping, RtSpinLock }

    /// <summary>Fails the step if sleeping is not allowed here.</summary>
    public void MightSleep(IntrinsicCall call, string callee, Sleeper sleeper = Sleeper.Sleeping)
    {
        var ctx = KernelContext.Of(call.Thread);
        // rtlock_might_resched() passes the current RCU depth as expected: an RT spinlock may be taken inside
        // rcu_read_lock() (and inside another RT spinlock, which holds one), everything else may not.
        var expectedRcu = sleeper == Sleeper.RtSpinLock ? ctx.RcuNesting : 0;
        var rcuBad = ctx.RcuNesting > expectedRcu;
        var nonBlock = ctx.NonBlockCount > 0 && !(sleeper == Sleeper.RtSpinLock && config.RtlockInNonBlock);
        if (!ctx.InAtomic && ctx.IrqsOff == 0 && !rcuBad && !nonBlock && ctx.Hardirq == 0) return;
        var site = call.SourceSite;
        var at = site is null ? "?" : $"{site.File}:{site.Line}";
        var name = call.ThreadName(call.ThreadId);
        var pid = MachineExecutor.Pid(call.ThreadId);
        var sb = new StringBuilder();
        var title = $"BUG: sleeping function called from invalid context at {at}";
        sb.Append(title).Append('\n');
        sb.Append($"in_atomic(): {(ctx.InAtomic ? 1 : 0)}, irqs_disabled(): {(ctx.IrqsOff > 0 ? 1 : 0)}, non_block: {ctx.NonBlockCount}, pid: {pid}, name: {name}\n");
        sb.Append($"preempt_count: {ctx.PreemptCountValue:x}, expected: 0\n");
        sb.Append($"RCU nest depth: {ctx.RcuNesting}, expected: {expectedRcu}\n");
        sb.Append(LockValidation.FormatHeldLocks(call));
        sb.Append(StackDump(call, sleeper == Sleeper.RtSpinLock ? "rt_spin_lock" : callee));
        call.Fail(BugKinds.SleepInAtomic, title + $" ({callee} in {site?.Function})", sb.ToString());
    }

    /// <summary>schedule() itself: "scheduling while atomic" / "scheduling in a non-blocking section".</summary>
    public void Schedule(IntrinsicCall call, string callee)
    {
        var ctx = KernelContext.Of(call.Thread);
        var name = call.ThreadName(call.ThreadId);
        var pid = MachineExecutor.Pid(call.ThreadId);
        if (ctx.NonBlockCount > 0)
        {
            var title = $"BUG: scheduling in a non-blocking section: {name}/{pid}/{ctx.NonBlockCount}";
            call.Fail(BugKinds.SleepInAtomic, title, title + "\n" + LockValidation.FormatHeldLocks(call) + StackDump(call, callee));
        }
        if (ctx.InAtomic)
        {
            var title = $"BUG: scheduling while atomic: {name}/{pid}/0x{ctx.PreemptCountValue:x8}";
            call.Fail(BugKinds.SleepInAtomic, title, title + "\n" + LockValidation.FormatHeldLocks(call) + StackDump(call, callee));
        }
    }

    internal static string StackDump(IntrinsicCall call, string callee)
    {
        var sb = new StringBuilder();
        sb.Append($"CPU: 0 PID: {MachineExecutor.Pid(call.ThreadId)} Comm: {call.ThreadName(call.ThreadId)} Tainted: G        W\n");
        sb.Append("Call Trace:\n <TASK>\n dump_stack_lvl\n __might_resched\n");
        sb.Append(' ').Append(callee).Append('\n');
        var frames = call.Backtrace();
        for (var i = frames.Count - 1; i >= 0; i--) sb.Append(' ').Append(frames[i]).Append('\n');
        sb.Append(" </TASK>\n");
        return sb.ToString();
    }
}
