using System.Text;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Where lock primitives meet lockdep: every acquisition and release goes through here, with the thread's held-lock
/// stack from the state vector. Also formats held locks the way lockdep's debug_show_held_locks() does.
/// </summary>
public sealed class LockValidation(KernelConfig config)
{
    public KernelConfig Config { get; } = config;

    /// <summary>Validates an acquisition before it happens (recursive locking, circular dependency, wait context).</summary>
    public void Acquire(IntrinsicCall call, in HeldEntry next, string? atFunction = null)
    {
        if (!Config.Lockdep) return;
        var held = HeldLocks.Of(call.Thread);
        for (var i = 0; i < held.Count; i++)
        {
            var h = held[i];
            if (h.ClassKey != next.ClassKey || h.Subclass != next.Subclass) continue;
            if (h.Mode == AcquireMode.RecursiveRead && next.Mode == AcquireMode.RecursiveRead) continue;
            if (next.Trylock) continue;
            ReportRecursive(call, h, next, atFunction);
        }
    }

    /// <summary>Finds the held entry a release refers to, or fails with lockdep's bad-unlock report.</summary>
    public int Release(IntrinsicCall call, long address, string function)
    {
        var held = HeldLocks.Of(call.Thread);
        var index = held.IndexOf(address);
        if (index >= 0) return index;
        var name = call.ThreadName(call.ThreadId);
        var pid = MachineExecutor.Pid(call.ThreadId);
        var sb = new StringBuilder();
        sb.Append("=====================================\n");
        sb.Append("WARNING: bad unlock balance detected!\n");
        sb.Append("-------------------------------------\n");
        sb.Append($"{name}/{pid} is trying to release lock ({LockObject.ClassName(call, address)}) at:\n");
        sb.Append($"{Where(call, call.Site)}\n");
        sb.Append("but there are no more locks to release!\n\n");
        sb.Append("other info that might help us debug this:\n");
        sb.Append(FormatHeldLocks(call));
        call.Fail(BugKinds.BadUnlock, $"WARNING: bad unlock balance detected! ({function} of {LockObject.ClassName(call, address)} not held by {name})", sb.ToString());
        return -1;
    }

    private static void ReportRecursive(IntrinsicCall call, in HeldEntry held, in HeldEntry next, string? atFunction)
    {
        var name = call.ThreadName(call.ThreadId);
        var pid = MachineExecutor.Pid(call.ThreadId);
        var cls = LockObject.ClassName(call, next.Address);
        var sb = new StringBuilder();
        sb.Append("============================================\n");
        sb.Append("WARNING: possible recursive locking detected\n");
        sb.Append("6.19.0-lockstep #1 Not tainted\n");
        sb.Append("--------------------------------------------\n");
        sb.Append($"{name}/{pid} is trying to acquire lock:\n");
        sb.Append($"{Address(next.Address)} ({cls}){{++++}}-{{0:0}}, at: {(atFunction is null ? Where(call, next.Site) : atFunction + "+0x0/0x0")}\n\n");
        sb.Append("but task is already holding lock:\n");
        sb.Append($"{Address(held.Address)} ({LockObject.ClassName(call, held.Address)}){{++++}}-{{0:0}}, at: {Where(call, held.Site)}\n\n");
        sb.Append("other info that might help us debug this:\n");
        sb.Append(" Possible unsafe locking scenario:\n\n");
        sb.Append("       CPU0\n       ----\n");
        sb.Append($"  lock({cls});\n  lock({cls});\n\n *** DEADLOCK ***\n\n");
        sb.Append(" May be due to missing lock nesting notation\n\n");
        sb.Append(FormatHeldLocks(call));
        call.Fail(BugKinds.RecursiveLocking, $"WARNING: possible recursive locking detected ({cls})", sb.ToString());
    }

    /// <summary>"N locks held by comm/pid:" and one line per held lock, as debug_show_held_locks() prints.</summary>
    public static string FormatHeldLocks(IntrinsicCall call)
    {
        var held = HeldLocks.Of(call.Thread);
        var name = call.ThreadName(call.ThreadId);
        var pid = MachineExecutor.Pid(call.ThreadId);
        if (held.Count == 0) return $"no locks held by {name}/{pid}.\n";
        var sb = new StringBuilder();
        sb.Append($"{held.Count} lock{(held.Count == 1 ? "" : "s")} held by {name}/{pid}:\n");
        for (var i = 0; i < held.Count; i++)
        {
            var h = held[i];
            sb.Append($" #{i}: {Address(h.Address)} ({ClassNameOf(call, h)}){{....}}-{{0:0}}, at: {Where(call, h.Site)}\n");
        }
        return sb.ToString();
    }

    public static string ClassNameOf(IntrinsicCall call, in HeldEntry h) => h.Kind switch
    {
        LockKind.Rcu => "rcu_read_lock",
        _ => LockObject.ClassName(call, h.Address),
    };

    /// <summary>"func+0x0/0x0" for the function containing a site, as lockdep prints a return address.</summary>
    public static string Where(IntrinsicCall call, int site)
    {
        var s = call.Program.Site(site);
        return s is null ? "?" : $"{s.Function}+0x0/0x0 ({s.File}:{s.Line})";
    }

    public static string Address(long pointer) =>
        $"ffff8881{(uint)Pointer.ObjectOf(pointer) & 0xFFFFF:x5}{(uint)Pointer.OffsetOf(pointer) * 8 & 0xFFF:x3}";
}
