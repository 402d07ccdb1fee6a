using System.Text;
using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// Reports for bad memory accesses, in the layout of KASAN and of the kernel's oops. The Machine owns these because it
/// is the layer that sees every access; the kernel-semantics splats live in the Kernel layer.
/// </summary>
internal static class Kasan
{
    private const string Rule = "==================================================================";

    public static MachineBug BadAccess(MachineExecutor ex, ModelThread t, long pointer, bool write, AccessFault fault, int site)
    {
        var s = ex.Program.Site(site);
        var where = s?.Function ?? "?";
        if (fault is AccessFault.Null or AccessFault.Wild)
        {
            var title = fault == AccessFault.Null
                ? $"BUG: kernel NULL pointer dereference, address: {Address(pointer)}"
                : $"BUG: unable to handle page fault for address: {Address(pointer)}";
            var oops = new StringBuilder()
                .Append(title).Append('\n')
                .Append($"#PF: supervisor {(write ? "write" : "read")} access in kernel mode\n")
                .Append($"Oops: 0000 [#1] PREEMPT SMP\nCPU: 0 PID: {MachineExecutor.Pid(t.Id)} Comm: {ex.ThreadName(t.Id)}\n")
                .Append($"RIP: 0010:{where}+0x0/0x0 ({s})\n");
            AppendTrace(oops, ex, t);
            return new MachineBug(BugKinds.NullDereference, title, oops.ToString(), t.Id, site);
        }
        var kind = fault == AccessFault.Freed ? "slab-use-after-free" : "slab-out-of-bounds";
        var id = Pointer.ObjectOf(pointer);
        var header = $"BUG: KASAN: {kind} in {where}+0x0/0x0";
        var sb = new StringBuilder()
            .Append(Rule).Append('\n')
            .Append(header).Append('\n')
            .Append($"{(write ? "Write" : "Read")} of size 8 at addr {Address(pointer)} by task {ex.ThreadName(t.Id)}/{MachineExecutor.Pid(t.Id)}\n\n")
            .Append($"CPU: 0 PID: {MachineExecutor.Pid(t.Id)} Comm: {ex.ThreadName(t.Id)} Not tainted\n");
        AppendTrace(sb, ex, t);
        var alloc = ex.Program.Site(ex.State.Memory.AllocationSite(id));
        if (alloc is not null) sb.Append($"\nThe buggy address belongs to the object allocated at {alloc.File}:{alloc.Line} ({alloc.Function})\n");
        sb.Append(Rule).Append('\n');
        return new MachineBug(BugKinds.UseAfterFree, $"{header} ({s})", sb.ToString(), t.Id, site);
    }

    public static MachineBug BadFree(MachineExecutor ex, ModelThread t, long pointer, AccessFault fault, int site)
    {
        var s = ex.Program.Site(site);
        var kind = fault == AccessFault.Freed ? "double-free" : "invalid-free";
        var header = $"BUG: KASAN: {kind} in {s?.Function ?? "?"}+0x0/0x0";
        var sb = new StringBuilder().Append(Rule).Append('\n').Append(header).Append('\n')
            .Append($"Free of addr {Address(pointer)} by task {ex.ThreadName(t.Id)}/{MachineExecutor.Pid(t.Id)}\n");
        AppendTrace(sb, ex, t);
        sb.Append(Rule).Append('\n');
        return new MachineBug(BugKinds.UseAfterFree, $"{header} ({s})", sb.ToString(), t.Id, site);
    }

    public static MachineBug NullCall(MachineExecutor ex, ModelThread t, long target, int site)
    {
        var s = ex.Program.Site(site);
        var title = $"BUG: kernel NULL pointer dereference, address: {Address(target)} (call through a NULL function pointer)";
        var sb = new StringBuilder().Append(title).Append('\n')
            .Append("#PF: supervisor instruction fetch in kernel mode\n")
            .Append($"Oops: 0010 [#1] PREEMPT SMP\nCPU: 0 PID: {MachineExecutor.Pid(t.Id)} Comm: {ex.ThreadName(t.Id)}\n")
            .Append($"RIP: 0010:0x0 called from {s?.Function} ({s})\n");
        AppendTrace(sb, ex, t);
        return new MachineBug(BugKinds.NullDereference, title, sb.ToString(), t.Id, site);
    }

    /// <summary>A stable, kernel-looking address for a model pointer.</summary>
    public static string Address(long pointer) =>
        pointer == 0 ? "0000000000000000" : $"ffff8881{(uint)Pointer.ObjectOf(pointer) & 0xFFFFF:x5}{(uint)Pointer.OffsetOf(pointer) * 8 & 0xFFF:x3}";

    private static void AppendTrace(StringBuilder sb, MachineExecutor ex, ModelThread t)
    {
        sb.Append("Call Trace:\n <TASK>\n");
        foreach (var frame in ex.Backtrace(t).Reverse()) sb.Append(' ').Append(frame).Append('\n');
        sb.Append(" </TASK>\n");
    }
}
