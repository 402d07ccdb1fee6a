using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>spin_unlock, mutex_unlock, up_read, ... and their _irq/_irqrestore/_bh forms (an _irqrestore form takes the saved flags as argument 1).</summary>
public sealed class LockRelease(string name, KernelServices kernel, LockKind kind, AcquireMode mode, LockFlavor flavor = LockFlavor.Plain)
    : Primitive(name, IntrinsicKind.Visible, kernel)
{
    public override IntrinsicOutcome Execute(IntrinsicCall call)
    {
        var address = call.Arg(0);
        call.Read(address + LockObject.Owner);
        var held = HeldLocks.Of(call.Thread);
        var index = Kernel.Lockdep.Release(call, address, Name);
        var entry = held[index];
        var lockMode = mode == AcquireMode.Write ? AcquireMode.Write : AcquireMode.Read;
        LockSemantics.Drop(call, address, lockMode);
        held.RemoveAt(index);
        LockSemantics.LeaveContext(call.Thread, kind, flavor, flavor == LockFlavor.IrqSave ? call.Arg(1) : 0, Kernel.Config);
        _ = entry;
        if (flavor is LockFlavor.Irq or LockFlavor.IrqSave && Contexts.KernelContext.Of(call.Thread).IrqsOff == 0)
            Kernel.Lockdep.IrqsEnabled(call, hardirqs: true);
        if (flavor == LockFlavor.Bh && Contexts.KernelContext.Of(call.Thread).BhOff == 0)
            Kernel.Lockdep.IrqsEnabled(call, hardirqs: false);
        return IntrinsicOutcome.Done;
    }

    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0));
    public override StaticFootprint Static => StaticFootprint.ArgumentObject;

    /// <summary>
    /// A left mover only when it releases an exclusive lock whose waiters just spin or sleep on the lock word
    /// (spinlock_t, raw_spinlock_t, struct mutex) and changes no interrupt or bottom-half delivery: then every step of
    /// another thread that could run just before it either does not touch the lock or is a blocked acquisition. The
    /// readers and writers of an rwlock_t or rw_semaphore queue behind each other, and _irq/_bh forms open a window
    /// for interrupts: those are steps of their own.
    /// </summary>
    public override LockEffect Lock =>
        !LockSemantics.Excludes(kind) ? LockEffect.None
        : flavor == LockFlavor.Plain && mode == AcquireMode.Write && kind is LockKind.Spin or LockKind.RawSpin or LockKind.Mutex
            ? LockEffect.MovableRelease
            : LockEffect.Release;
}
