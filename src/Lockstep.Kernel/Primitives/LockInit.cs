using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// spin_lock_init, raw_spin_lock_init, rwlock_init, mutex_init, init_rwsem, init_srcu_struct (argument 0 the lock,
/// argument 1 its name as the kernel's macro stringifies it). As in lockdep, the class is the call site's, so every
/// lock initialised by one call shares a class. Initialising a lock that is held is a bug.
/// </summary>
public sealed class LockInit(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
{
    public override IntrinsicOutcome Execute(IntrinsicCall call)
    {
        var address = call.Arg(0);
        var owner = call.Read(address + LockObject.Owner);
        var readers = call.Read(address + LockObject.Count);
        if (!Name.Contains("srcu", StringComparison.Ordinal) && (owner != 0 || readers != 0))
        {
            var cls = LockObject.ClassName(call, address);
            var holder = owner > 0 ? call.ThreadName((int)owner - 1) : "a reader";
            call.Fail(BugKinds.LockReinit, $"DEBUG_LOCKS_WARN_ON: {Name}() of {cls} while it is held by {holder}",
                $"WARNING: CPU: 0 PID: {MachineExecutor.Pid(call.ThreadId)} at {call.SourceSite} {call.SourceSite?.Function}+0x0/0x0\n" +
                $"DEBUG_LOCKS_WARN_ON({Name} on a held lock)\n{cls} is held by {holder}\n" + LockValidation.FormatHeldLocks(call));
        }
        for (var i = 0; i < LockObject.Name; i++) call.Write(address + i, 0);
        call.Write(address + LockObject.Name, call.Arg(1));
        call.Write(address + LockObject.Key, LockObject.SiteKey(call.Site));
        return IntrinsicOutcome.Done;
    }

    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(call.Arg(0), write: true);
}

/// <summary>lockdep_set_class(lock, key): the lock takes the class of a static key object.</summary>
public sealed class LockSetClass(KernelServices kernel) : Primitive("__lockdep_set_class", IntrinsicKind.Visible, kernel)
{
    public override IntrinsicOutcome Execute(IntrinsicCall call)
    {
        var address = call.Arg(0);
        call.Write(address + LockObject.Key, call.Arg(1));
        if (Pointer.IsString(call.Arg(2))) call.Write(address + LockObject.Name, call.Arg(2));
        return IntrinsicOutcome.Done;
    }

    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(call.Arg(0), write: true);
}
