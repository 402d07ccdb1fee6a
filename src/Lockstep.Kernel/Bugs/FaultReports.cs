using Lockstep.Kernel.Contexts;
using System.Text;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Bugs;

/// <summary>
/// The kernel's reports for the faults the Machine finds: KASAN and the oops for bad accesses, the hung-task
/// detector for a deadlock, "kernel BUG at" for a trap, the divide error.
/// </summary>
public static class FaultReports
{
    private const string Rule = "==================================================================";

    public static MachineBug Render(MachineFault f) => f.Kind switch
    {
        FaultKind.BadAccess when f.Access is AccessFault.Null or AccessFault.Wild => Oops(f),
        FaultKind.BadAccess => f.Access == AccessFault.Freed
            ? Kasan(f, BugKind.UseAfterFree, "slab-use-after-free", Access(f))
            : Kasan(f, BugKind.OutOfBounds, "slab-out-of-bounds", Access(f)),
        FaultKind.BadFree => f.Access == AccessFault.Freed
            // KASAN's bug types for frees are the kinds' own names (mm/kasan/report.c, kasan_report_invalid_free()).
            ? Kasan(f, BugKind.DoubleFree, BugKind.DoubleFree.Name(), Free(f))
            : Kasan(f, BugKind.InvalidFree, BugKind.InvalidFree.Name(), Free(f)),
        FaultKind.BadCall => NullCall(f),
        FaultKind.Trap => Bug(f, BugKind.BugOn, $"kernel BUG at {f.Location}: {f.Message}", $"kernel BUG at {f.Location}!\n{f.Message}\n"),
        FaultKind.DivideByZero => Bug(f, BugKind.BugOn, $"divide error: 0000 at {f.Location}",
            $"Oops: divide error: 0000 [#1] PREEMPT SMP\nCPU: 0 PID: {KernelBugs.Pid(f.Thread)} Comm: {f.ThreadName}\nRIP: 0010:{f.Location?.Function}+0x0/0x0 ({f.Location})\n" + Trace(f)),
        // What the kernel prints when a task runs off its stack (arch/x86/kernel/traps.c, handle_stack_overflow).
        FaultKind.StackOverflow => Bug(f, BugKind.BugOn, $"BUG: TASK stack guard page was hit ({f.ThreadName} in {f.Location?.Function})",
            $"BUG: TASK stack guard page was hit at {f.Location}\nkernel stack overflow (double-fault): {f.ThreadName}/{KernelBugs.Pid(f.Thread)} calls deeper than {MachineExecutor.MaxStackCells} stack cells\n" + Trace(f)),
        FaultKind.Livelock => Bug(f, BugKind.Livelock,
            $"{f.ThreadName} runs {MachineExecutor.LocalInstructionLimit} instructions without a visible operation",
            $"{f.ThreadName} loops at {f.Location} without touching shared state\n" + Trace(f)),
        FaultKind.Deadlock => HungTasks(f),
        FaultKind.NonProgress => NonProgress(f),
        FaultKind.InvariantViolated => Bug(f, BugKind.Invariant, $"invariant '{f.Message}' violated",
            $"invariant '{f.Message}' ({f.DefinitionSite}) does not hold after {f.ThreadName} ran {f.Operation} at {f.Location}\n"),
        FaultKind.InvariantImpure => Bug(f, BugKind.Invariant, $"an invariant may only read memory ({f.Message} at {f.Location})",
            $"an invariant runs {f.Message} at {f.Location}: invariants must not write shared memory or call kernel primitives\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(f), f.Kind, "unknown fault"),
    };

    /// <summary>A stable, kernel-looking address for a model pointer.</summary>
    public static string Address(long pointer) =>
        pointer == 0 ? "0000000000000000" : $"ffff8881{(uint)Pointer.ObjectOf(pointer) & 0xFFFFF:x5}{(uint)Pointer.OffsetOf(pointer) * 8 & 0xFFF:x3}";

    private static MachineBug Bug(MachineFault f, BugKind kind, string title, string report) =>
        new(kind.Name(), title, report, f.Thread, f.Site, f);

    private static MachineBug Oops(MachineFault f)
    {
        var title = f.Access == AccessFault.Null
            ? $"BUG: kernel NULL pointer dereference, address: {Address(f.Address)}"
            : $"BUG: unable to handle page fault for address: {Address(f.Address)}";
        var oops = new StringBuilder()
            .Append(title).Append('\n')
            .Append($"#PF: supervisor {(f.Write ? "write" : "read")} access in kernel mode\n")
            .Append($"Oops: 0000 [#1] PREEMPT SMP\nCPU: 0 PID: {KernelBugs.Pid(f.Thread)} Comm: {f.ThreadName}\n")
            .Append($"RIP: 0010:{f.Location?.Function ?? "?"}+0x0/0x0 ({f.Location})\n")
            .Append(Trace(f));
        return Bug(f, BugKind.NullDereference, title, oops.ToString());
    }

    private static MachineBug NullCall(MachineFault f)
    {
        var title = $"BUG: kernel NULL pointer dereference, address: {Address(f.Address)} (call through a NULL function pointer)";
        var sb = new StringBuilder().Append(title).Append('\n')
            .Append("#PF: supervisor instruction fetch in kernel mode\n")
            .Append($"Oops: 0010 [#1] PREEMPT SMP\nCPU: 0 PID: {KernelBugs.Pid(f.Thread)} Comm: {f.ThreadName}\n")
            .Append($"RIP: 0010:0x0 called from {f.Location?.Function} ({f.Location})\n")
            .Append(Trace(f));
        return Bug(f, BugKind.NullDereference, title, sb.ToString());
    }

    // mm/kasan/report.c, print_error_description(): the access (or the free), then dump_stack().
    private static string Access(MachineFault f) =>
        $"{(f.Write ? "Write" : "Read")} of size 8 at addr {Address(f.Address)} by task {f.ThreadName}/{KernelBugs.Pid(f.Thread)}\n\n" +
        $"CPU: 0 PID: {KernelBugs.Pid(f.Thread)} Comm: {f.ThreadName} Not tainted\n";

    private static string Free(MachineFault f) =>
        $"Free of addr {Address(f.Address)} by task {f.ThreadName}/{KernelBugs.Pid(f.Thread)}\n\n" +
        $"CPU: 0 PID: {KernelBugs.Pid(f.Thread)} Comm: {f.ThreadName} Not tainted\n";

    /// <summary>
    /// KASAN's report (mm/kasan/report.c): the header, the access and its stack, then describe_object(): "Allocated
    /// by task N:" and "Freed by task N:" with their stacks (print_track()), and where the address lies in the object
    /// (describe_object_addr()).
    /// </summary>
    private static MachineBug Kasan(MachineFault f, BugKind kind, string what, string access)
    {
        var header = $"BUG: KASAN: {what} in {f.Location?.Function ?? "?"}+0x0/0x0";
        var sb = new StringBuilder()
            .Append(Rule).Append('\n')
            .Append(header).Append('\n')
            .Append(access)
            .Append(Trace(f));
        if (f.AllocationSite is { } alloc)
        {
            sb.Append('\n');
            sb.Append(f.AllocatedBy >= 0 ? $"Allocated by task {KernelBugs.Pid(f.AllocatedBy)}:\n" : "Allocated:\n");
            sb.Append($" {alloc.Function} ({alloc.File}:{alloc.Line})\n");
        }
        if (f.Access == AccessFault.Freed && f.FreedBy >= 0)
        {
            sb.Append('\n').Append($"Freed by task {KernelBugs.Pid(f.FreedBy)}:\n");
            for (var i = f.FreeBacktrace.Count - 1; i >= 0; i--) sb.Append(' ').Append(f.FreeBacktrace[i]).Append('\n');
        }
        else if (f.Access == AccessFault.Freed && f.AllocationSite is not null)
            sb.Append('\n').Append("Freed when the frame that owned it returned\n");
        if (f.ObjectCells > 0)
        {
            var start = Pointer.Make(Pointer.ObjectOf(f.Address), 0);
            var bytes = f.ObjectCells * 8;
            var offset = (long)Pointer.OffsetOf(f.Address) * 8;
            var where = offset < 0 ? $"{-offset} bytes to the left of" : offset >= bytes ? $"{offset - bytes} bytes to the right of" : $"{offset} bytes inside of";
            var region = f.Access == AccessFault.Freed ? "freed" : "allocated";
            sb.Append('\n')
              .Append($"The buggy address belongs to the object at {Address(start)}\n which belongs to the cache kmalloc-{CacheSize(bytes)} of size {CacheSize(bytes)}\n")
              .Append($"The buggy address is located {where}\n {region} {bytes}-byte region [{Address(start)}, {Address(start + f.ObjectCells)})\n");
        }
        sb.Append(Rule).Append('\n');
        return Bug(f, kind, $"{header} ({f.Location})", sb.ToString());
    }

    /// <summary>The kmalloc cache an object of <paramref name="bytes"/> comes from (powers of two from 8, and 96, 192).</summary>
    private static int CacheSize(int bytes)
    {
        if (bytes <= 8) return 8;
        if (bytes is > 64 and <= 96) return 96;
        if (bytes is > 128 and <= 192) return 192;
        var size = 8;
        while (size < bytes) size *= 2;
        return size;
    }

    /// <summary>What khungtaskd prints for each task that cannot run (kernel/hung_task.c, check_hung_task).</summary>
    private static MachineBug HungTasks(MachineFault f)
    {
        var report = new StringBuilder();
        foreach (var b in f.Blocked)
        {
            report.Append("INFO: task ").Append(b.Name).Append(':').Append(KernelBugs.Pid(b.Thread))
                  .Append(" blocked for more than 120 seconds.\n");
            report.Append("      waiting for ").Append(b.Waits);
            if (b.Site is { } s) report.Append(" at ").Append(s.Function).Append(" (").Append(s.File).Append(':').Append(s.Line).Append(')');
            report.Append('\n');
            for (var i = b.Backtrace.Count - 1; i >= 0; i--) report.Append("  ").Append(b.Backtrace[i]).Append('\n');
        }
        var first = f.Blocked[0];
        var title = f.Blocked.Count == 1
            ? $"{first.Name} blocked forever on {first.Waits}"
            : $"{f.Blocked.Count} threads blocked forever ({string.Join(", ", f.Blocked.Select(b => b.Name + " on " + b.Waits))})";
        return Bug(f, BugKind.Deadlock, title, report.ToString());
    }

    /// <summary>
    /// A fair cycle: with the looping thread unable to be preempted, the soft-lockup watchdog's report
    /// (kernel/watchdog.c, watchdog_timer_fn()); otherwise the hung-task reports of whoever waits for it.
    /// </summary>
    private static MachineBug NonProgress(MachineFault f)
    {
        var spinner = f.Looping[0];
        var atomic = KernelContext.KeepsItsCpuIn(f.Context);
        var report = new StringBuilder();
        var where = spinner.Site is { } s ? $"{s.Function} ({s.File}:{s.Line})" : "?";
        if (atomic)
            report.Append($"watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [{spinner.Name}:{KernelBugs.Pid(spinner.Thread)}]\n")
                  .Append($"RIP: 0010:{spinner.Site?.Function}+0x0/0x0 ({spinner.Site})\n");
        foreach (var l in f.Looping)
            report.Append($"{l.Name} loops forever at {(l.Site is { } ls ? $"{ls.Function} ({ls.File}:{ls.Line})" : "?")}: its states repeat every {f.CycleSteps} steps\n");
        foreach (var b in f.Blocked)
        {
            report.Append("INFO: task ").Append(b.Name).Append(':').Append(KernelBugs.Pid(b.Thread))
                  .Append(" blocked for more than 120 seconds.\n      waiting for ").Append(b.Waits);
            if (b.Site is { } bs) report.Append(" at ").Append(bs.Function).Append(" (").Append(bs.File).Append(':').Append(bs.Line).Append(')');
            report.Append('\n');
        }
        report.Append("Call Trace:\n <TASK>\n");
        for (var i = spinner.Backtrace.Count - 1; i >= 0; i--) report.Append(' ').Append(spinner.Backtrace[i]).Append('\n');
        report.Append(" </TASK>\n");
        var waiting = f.Blocked.Count == 0 ? "" : $"; {string.Join(", ", f.Blocked.Select(b => b.Name + " waits on " + b.Waits))}";
        return atomic
            ? Bug(f, BugKind.SoftLockup, $"watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [{spinner.Name}:{KernelBugs.Pid(spinner.Thread)}] at {where}{waiting}", report.ToString())
            : Bug(f, BugKind.NonProgress, $"{spinner.Name} loops forever at {where}{waiting}", report.ToString());
    }

    private static string Trace(MachineFault f)
    {
        var sb = new StringBuilder("Call Trace:\n <TASK>\n");
        for (var i = f.Backtrace.Count - 1; i >= 0; i--) sb.Append(' ').Append(f.Backtrace[i]).Append('\n');
        return sb.Append(" </TASK>\n").ToString();
    }
}
