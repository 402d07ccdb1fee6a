using System.Text;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>
/// Prints splats in the kernel's text layout (lockdep.c's <c>print_*_bug</c> functions, <c>__might_resched</c>,
/// <c>__schedule_bug</c>, <c>lockdep_rcu_suspicious</c>): the same banners, line breaks, blank lines and
/// indentation, with deterministic stand-in addresses (<see cref="KernelAddresses"/>). The blank line the
/// kernel prints before each banner is left out. Lines end in '\n'.
/// </summary>
public sealed class SplatFormatter(SplatEnvironment? environment = null)
{
    public SplatEnvironment Environment { get; } = environment ?? SplatEnvironment.Default;

    public string Format(KernelSplat splat)
    {
        var text = new StringBuilder();
        switch (splat)
        {
            case RecursiveLockingReport r: Recursive(text, r); break;
            case CircularLockingReport r: Circular(text, r); break;
            case InvalidWaitContextReport r: InvalidWaitContext(text, r); break;
            case InconsistentLockStateReport r: Inconsistent(text, r); break;
            case IrqSafeToUnsafeReport r: IrqSafeToUnsafe(text, r); break;
            case IrqLockInversionReport r: IrqInversion(text, r); break;
            case BadUnlockBalanceReport r: BadUnlock(text, r); break;
            case HeldLockFreedReport r: HeldLockFreed(text, r); break;
            case NestedLockNotTakenReport r: NestedLockNotTaken(text, r); break;
            case SleepInInvalidContextSplat r: SleepInInvalidContext(text, r); break;
            case SchedulingWhileAtomicSplat r: SchedulingWhileAtomic(text, r); break;
            case NonBlockingScheduleSplat r: NonBlockingSchedule(text, r); break;
            case SuspiciousRcuUsageSplat r: SuspiciousRcu(text, r); break;
            default: throw new ArgumentException($"no layout for {splat.GetType().Name}", nameof(splat));
        }
        return text.ToString();
    }

    /// <summary><c>print_lock</c>: <c>address (name){usage}-{o:i}, at: function+0x../0x..</c>.</summary>
    public static string LockLine(PrintedLock lk) =>
        $"{KernelAddresses.Instance(lk.Instance)}{lk.Class}, at: {KernelAddresses.Symbol(lk.Function, lk.Location)}";

    private void Header(StringBuilder text, string banner, string title, char underline)
    {
        text.Append(banner).Append('\n');
        text.Append(title).Append('\n');
        text.Append(Environment.Ident).Append('\n');
        text.Append(underline, banner.Length).Append('\n');
    }

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');

    private static string TaskName(LockdepTask task) => $"{task.Comm}/{task.Pid}";

    /// <summary><c>lockdep_print_held_locks</c>.</summary>
    private static void HeldLocks(StringBuilder text, LockdepTask task, IReadOnlyList<PrintedLock> held)
    {
        if (held.Count == 0)
        {
            Line(text, $"no locks held by {TaskName(task)}.");
            return;
        }
        Line(text, $"{held.Count} lock{(held.Count > 1 ? "s" : "")} held by {TaskName(task)}:");
        for (var i = 0; i < held.Count; i++)
            Line(text, $" #{i}: {LockLine(held[i])}");
    }

    /// <summary><c>stack_trace_print(entries, nr, spaces)</c>: one symbol a line after 1 + spaces blanks.</summary>
    private static void Trace(StringBuilder text, LockTrace trace, int spaces)
    {
        foreach (var frame in trace.Frames)
            text.Append(' ', 1 + spaces).Append(KernelAddresses.Symbol(frame)).Append('\n');
    }

    /// <summary><c>dump_stack()</c>.</summary>
    private void Backtrace(StringBuilder text, LockdepTask task, LockTrace stack)
    {
        var preempt = Environment.PreemptRt ? " PREEMPT_RT" : "";
        Line(text, $"CPU: {Environment.Cpu} UID: 0 PID: {task.Pid} Comm: {task.Comm} {Environment.Taint} {Environment.Release} {Environment.Version}{preempt}");
        Line(text, "Call Trace:");
        Line(text, " <TASK>");
        Line(text, " " + KernelAddresses.Symbol("dump_stack_lvl"));
        Trace(text, stack, 0);
        Line(text, " </TASK>");
    }

    private static string IrqFlags(LockdepTask task, IrqState ctx)
    {
        var hc = ctx.InHardirq ? 1 : 0;
        var sc = ctx.InSoftirq ? 1 : 0;
        // softirq_count() >> SOFTIRQ_SHIFT: 1 while serving a softirq, 2 per local_bh_disable().
        var softCount = ctx.InSoftirq ? 1 : ctx.SoftirqsEnabled ? 0 : 2;
        return $"{TaskName(task)} [HC{hc}[{hc}]:SC{sc}[{softCount}]:HE{(ctx.HardirqsEnabled ? 1 : 0)}:SE{(ctx.SoftirqsEnabled ? 1 : 0)}]";
    }

    private void Recursive(StringBuilder text, RecursiveLockingReport r)
    {
        Header(text, "============================================", r.Title, '-');
        Line(text, $"{TaskName(r.Task)} is trying to acquire lock:");
        Line(text, LockLine(r.Acquiring));
        Line(text);
        Line(text, "but task is already holding lock:");
        Line(text, LockLine(r.AlreadyHeld));
        Line(text);
        Line(text, "other info that might help us debug this:");
        Line(text, " Possible unsafe locking scenario:");
        Line(text);
        Line(text, "       CPU0");
        Line(text, "       ----");
        Line(text, $"  lock({r.AlreadyHeld.Class.Name});");
        Line(text, $"  lock({r.Acquiring.Class.Name});");
        Line(text);
        Line(text, " *** DEADLOCK ***");
        Line(text);
        Line(text, " May be due to missing lock nesting notation");
        Line(text);
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    private void Circular(StringBuilder text, CircularLockingReport r)
    {
        Header(text, "======================================================", r.Title, '-');
        Line(text, $"{TaskName(r.Task)} is trying to acquire lock:");
        Line(text, LockLine(r.Acquiring));
        Line(text);
        Line(text, "but task is already holding lock:");
        Line(text, LockLine(r.AlreadyHeld));
        Line(text);
        Line(text, "which lock already depends on the new lock.");
        Line(text);
        Line(text);
        Line(text, "the existing dependency chain (in reverse order) is:");
        foreach (var entry in r.Chain)
        {
            Line(text);
            Line(text, $"-> #{entry.Depth}{entry.Class}:");
            Trace(text, entry.Trace, 6);
        }
        Line(text);
        Line(text, "other info that might help us debug this:");
        Line(text);
        var source = r.Acquiring.Class.Name;
        var target = r.AlreadyHeld.Class.Name;
        if (!r.ParentIsAcquiring)
        {
            Line(text, "Chain exists of:");
            Line(text, $"  {source} --> {r.Parent} --> {target}");
            Line(text);
        }
        Line(text, " Possible unsafe locking scenario:");
        Line(text);
        Line(text, "       CPU0                    CPU1");
        Line(text, "       ----                    ----");
        Line(text, $"  {(r.HeldRead != LockReadMode.Exclusive ? "rlock" : "lock")}({target});");
        Line(text, $"                               lock({r.Parent});");
        Line(text, $"                               lock({target});");
        var sourceVerb = r.AcquiringRead != LockReadMode.Exclusive ? "rlock" : r.AcquiringSync ? "sync" : "lock";
        Line(text, $"  {sourceVerb}({source});");
        Line(text);
        Line(text, " *** DEADLOCK ***");
        Line(text);
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    private void InvalidWaitContext(StringBuilder text, InvalidWaitContextReport r)
    {
        Header(text, "=============================", r.Title, '-');
        Line(text, $"{TaskName(r.Task)} is trying to lock:");
        Line(text, LockLine(r.Acquiring));
        Line(text, "other info that might help us debug this:");
        Line(text, $"context-{{{r.ContextLevel}:{r.ContextLevel}}}");
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    private void Inconsistent(StringBuilder text, InconsistentLockStateReport r)
    {
        Header(text, "================================", r.Title, '-');
        Line(text, $"inconsistent {{{r.PreviousUsage}}} -> {{{r.NewUsage}}} usage.");
        Line(text, $"{IrqFlags(r.Task, r.Context)} takes:");
        Line(text, LockLine(r.Lock));
        Line(text, $"{{{r.PreviousUsage}}} state was registered at:");
        Trace(text, r.PreviousUsageAt, 1);
        Line(text);
        Line(text, "other info that might help us debug this:");
        Line(text, " Possible unsafe locking scenario:");
        Line(text);
        Line(text, "       CPU0");
        Line(text, "       ----");
        Line(text, $"  lock({r.Lock.Class.Name});");
        Line(text, "  <Interrupt>");
        Line(text, $"    lock({r.Lock.Class.Name});");
        Line(text);
        Line(text, " *** DEADLOCK ***");
        Line(text);
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    /// <summary><c>print_irq_lock_scenario</c>.</summary>
    private static void IrqScenario(StringBuilder text, string safe, string unsafeName, string middle)
    {
        if (middle != unsafeName)
        {
            Line(text, "Chain exists of:");
            Line(text, $"  {safe} --> {middle} --> {unsafeName}");
            Line(text);
        }
        Line(text, " Possible interrupt unsafe locking scenario:");
        Line(text);
        Line(text, "       CPU0                    CPU1");
        Line(text, "       ----                    ----");
        Line(text, $"  lock({unsafeName});");
        Line(text, "                               local_irq_disable();");
        Line(text, $"                               lock({safe});");
        Line(text, $"                               lock({middle});");
        Line(text, "  <Interrupt>");
        Line(text, $"    lock({safe});");
        Line(text);
        Line(text, " *** DEADLOCK ***");
        Line(text);
    }

    /// <summary><c>print_lock_class_header</c> (+ "acquired at") for each entry.</summary>
    private static void DependencyListing(StringBuilder text, IReadOnlyList<DependencyPathEntry> entries)
    {
        foreach (var entry in entries)
        {
            var indent = new string(' ', entry.Depth);
            Line(text, $"{indent}->{entry.Class} {{");
            foreach (var usage in entry.Usages)
            {
                Line(text, $"{indent}   {usage.Usage} at:");
                // lockdep indents by the length of what it printed so far: depth + (depth + 3 + name) + " at:\n"
                Trace(text, usage.Trace, entry.Depth + entry.Depth + 3 + usage.Usage.Length + 5);
            }
            Line(text, $"{indent} }}");
            var key = "__key." + (entry.Class.Key & 0xFFFF);
            Line(text, $"{indent} ... key      at: [<{KernelAddresses.Key(entry.Class.Key)}>] {KernelAddresses.Symbol(key)}");
            if (entry.AcquiredAt is { } acquired)
            {
                Line(text, $"{indent} ... acquired at:");
                Trace(text, acquired, 2);
                Line(text);
            }
        }
    }

    private void IrqSafeToUnsafe(StringBuilder text, IrqSafeToUnsafeReport r)
    {
        Header(text, "=====================================================", r.Title, '-');
        Line(text, $"{IrqFlags(r.Task, r.Context)} is trying to acquire:");
        Line(text, LockLine(r.Acquiring));
        Line(text);
        Line(text, "and this task is already holding:");
        Line(text, LockLine(r.AlreadyHeld));
        Line(text, "which would create a new lock dependency:");
        Line(text, $"{r.AlreadyHeld.Class} ->{r.Acquiring.Class}");
        Line(text);
        Line(text, $"but this new dependency connects a {r.IrqClass}-irq-safe lock:");
        Line(text, r.SafeClass.ToString());
        Line(text, $"... which became {r.IrqClass}-irq-safe at:");
        Trace(text, r.SafeAt, 1);
        Line(text);
        Line(text, $"to a {r.IrqClass}-irq-unsafe lock:");
        Line(text, r.UnsafeClass.ToString());
        Line(text, $"... which became {r.IrqClass}-irq-unsafe at:");
        Line(text, "...");
        Trace(text, r.UnsafeAt, 1);
        Line(text);
        Line(text, "other info that might help us debug this:");
        Line(text);
        IrqScenario(text, r.SafeClass.Name, r.UnsafeClass.Name, r.MiddleName);
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, $"the dependencies between {r.IrqClass}-irq-safe lock and the holding lock:");
        DependencyListing(text, r.SafeToHeld);
        Line(text);
        Line(text, "the dependencies between the lock to be acquired");
        Line(text, $" and {r.IrqClass}-irq-unsafe lock:");
        DependencyListing(text, r.AcquiringToUnsafe);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    private void IrqInversion(StringBuilder text, IrqLockInversionReport r)
    {
        Header(text, "========================================================", r.Title, '-');
        Line(text, $"{TaskName(r.Task)} just changed the state of lock:");
        Line(text, LockLine(r.Lock));
        Line(text, r.Forwards
            ? $"but this lock took another, {r.IrqClass}-unsafe lock in the past:"
            : $"but this lock was taken by another, {r.IrqClass}-safe lock in the past:");
        Line(text, r.Other.ToString());
        Line(text);
        Line(text, "and interrupts could create inverse lock ordering between them.");
        Line(text);
        Line(text);
        Line(text, "other info that might help us debug this:");
        IrqScenario(text, r.SafeName, r.UnsafeName, r.MiddleName);
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, "the shortest dependencies between 2nd lock and 1st lock:");
        DependencyListing(text, r.Dependencies);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    private void BadUnlock(StringBuilder text, BadUnlockBalanceReport r)
    {
        Header(text, "=====================================", r.Title, '-');
        Line(text, $"{TaskName(r.Task)} is trying to release lock ({r.LockName}) at:");
        Line(text, $"[<{KernelAddresses.CodeAddress(r.Function, r.Location)}>] {KernelAddresses.Symbol(r.Function, r.Location)}");
        Line(text, "but there are no more locks to release!");
        Line(text);
        Line(text, "other info that might help us debug this:");
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    /// <summary>print_lock_nested_lock_not_held(): the kernel dumps the stack twice, before and after the held locks.</summary>
    private void NestedLockNotTaken(StringBuilder text, NestedLockNotTakenReport r)
    {
        Header(text, "==================================", r.Title, '-');
        Line(text, $"{TaskName(r.Task)} is trying to lock:");
        Line(text, LockLine(r.Acquiring));
        Line(text);
        Line(text, "but this task is not holding:");
        Line(text, r.NestLockName);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
        Line(text);
        Line(text, "other info that might help us debug this:");
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    private void HeldLockFreed(StringBuilder text, HeldLockFreedReport r)
    {
        Header(text, "=========================", r.Title, '-');
        var from = KernelAddresses.Instance(r.MemoryFrom);
        var to = (Convert.ToUInt64(KernelAddresses.Instance(r.MemoryFrom + r.MemoryLength), 16) - 1).ToString("x16");
        Line(text, $"{TaskName(r.Task)} is freeing memory {from}-{to}, with a lock still held there!");
        Line(text, LockLine(r.Lock));
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }

    private void SleepInInvalidContext(StringBuilder text, SleepInInvalidContextSplat r)
    {
        Line(text, r.Title);
        Line(text, $"in_atomic(): {(r.InAtomic ? 1 : 0)}, irqs_disabled(): {(r.IrqsDisabled ? 1 : 0)}, non_block: {r.NonBlockCount}, pid: {r.Task.Pid}, name: {r.Task.Comm}");
        Line(text, $"preempt_count: {r.PreemptCount:x}, expected: {r.ExpectedPreemptCount:x}");
        if (r.RcuNestDepth is { } depth)
            Line(text, $"RCU nest depth: {depth}, expected: {r.ExpectedRcuNestDepth}");
        HeldLocks(text, r.Task, r.HeldLocks);
        PreemptionDisabledAt(text, r.PreemptionDisabledAt);
        Backtrace(text, r.Task, r.Stack);
    }

    private static void PreemptionDisabledAt(StringBuilder text, string? function)
    {
        if (function is null)
            return;
        Line(text, "Preemption disabled at:");
        Line(text, $"[<{KernelAddresses.CodeAddress(function)}>] {KernelAddresses.Symbol(function)}");
    }

    private void SchedulingWhileAtomic(StringBuilder text, SchedulingWhileAtomicSplat r)
    {
        Line(text, r.Title);
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text, "Modules linked in:");
        PreemptionDisabledAt(text, r.PreemptionDisabledAt);
        Backtrace(text, r.Task, r.Stack);
    }

    private void NonBlockingSchedule(StringBuilder text, NonBlockingScheduleSplat r)
    {
        Line(text, r.Title);
        Backtrace(text, r.Task, r.Stack);
    }

    private void SuspiciousRcu(StringBuilder text, SuspiciousRcuUsageSplat r)
    {
        Header(text, "=============================", r.Title, '-');
        Line(text, $"{r.File}:{r.Line} {r.Message}!");
        Line(text);
        Line(text, "other info that might help us debug this:");
        Line(text);
        Line(text);
        Line(text, "rcu_scheduler_active = 2, debug_locks = 1");
        HeldLocks(text, r.Task, r.HeldLocks);
        Line(text);
        Line(text, "stack backtrace:");
        Backtrace(text, r.Task, r.Stack);
    }
}
