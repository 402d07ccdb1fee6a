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
        call.Read(address + LockObject.Owner);
        if (!Name.Contains("srcu", StringComparison.Ordinal)) Kernel.Lockdep.Reinit(call, address);
        for (var i = 0; i < LockObject.Name; i++) call.Write(address + i, 0);
        call.Write(address + LockObject.Name, call.Arg(1));
        call.Write(address + LockObject.Key, LockObject.SiteKey(call.Site));
        return IntrinsicOutcome.Done;
    }

    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), init: true);
    public override StaticFootprint Static => StaticFootprint.ArgumentObject;
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

    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), init: true);
    public override StaticFootprint Static => StaticFootprint.ArgumentObject;

    /// <summary>Rewrites the lock word: a release of this lock must not move across it.</summary>
    public override LockEffect Lock => LockEffect.Inspects;
}
