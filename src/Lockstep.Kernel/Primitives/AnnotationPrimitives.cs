using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Contexts;
using Lockstep.Kernel.Lockdep;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Lockdep's annotations (include/linux/lockdep.h, kernel/locking/lockdep.c, mm/page_alloc.c, include/linux/sched/mm.h,
/// v6.19): class changes (lockdep_set_subclass, lock_set_class, lockdep_set_novalidate_class), the fs_reclaim map
/// and the memalloc scopes that decide whether an allocation may enter reclaim, might_alloc(), might_lock(), and the
/// lockdep_assert_*() checks (WARN_ON when they do not hold, as panic_on_warn stops there).
/// </summary>
public static class AnnotationPrimitives
{
    /// <summary>PF_MEMALLOC_NOFS, PF_MEMALLOC_NOIO, PF_MEMALLOC as memalloc_*_save() set them (the model's bits).</summary>
    public const long MemallocNoFs = 1;
    public const long MemallocNoIo = 2;
    public const long MemallocNoReclaim = 4;

    /// <summary>__GFP_IO and __GFP_FS (include/linux/gfp_types.h).</summary>
    public const long GfpIo = 0x40;
    public const long GfpFs = 0x80;

    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new SetSubclass(k),
        new SetHeldClass(k),
        // Local: only this thread's private memalloc flags and its own held-lock list change; the fs_reclaim class
        // has no object behind it.
        new LocalPrimitive("fs_reclaim_acquire", k, c => { FsReclaimAcquire(c, k, c.Arg(0), keep: true); return 0; }),
        new LocalPrimitive("fs_reclaim_release", k, c => { FsReclaimRelease(c, k, c.Arg(0)); return 0; }),
        new LocalPrimitive("might_alloc", k, c => { MightAlloc(c, k, c.Arg(0), "might_alloc"); return 0; }),
        new LocalPrimitive("memalloc_nofs_save", k, c => Save(c, MemallocNoFs)),
        new LocalPrimitive("memalloc_noio_save", k, c => Save(c, MemallocNoIo)),
        new LocalPrimitive("memalloc_noreclaim_save", k, c => Save(c, MemallocNoReclaim)),
        new LocalPrimitive("memalloc_nofs_restore", k, c => Restore(c, MemallocNoFs)),
        new LocalPrimitive("memalloc_noio_restore", k, c => Restore(c, MemallocNoIo)),
        new LocalPrimitive("memalloc_noreclaim_restore", k, c => Restore(c, MemallocNoReclaim)),
        // Local: each reads this thread's own held-lock list or context.
        new LocalPrimitive("__lockdep_assert_held_type", k, c => { AssertHeld(c, k, c.Arg(0), (int)c.Arg(1)); return 0; }) { Check = true },
        new LocalPrimitive("lockdep_assert_irqs_disabled", k, c => { AssertContext(c, k, KernelContext.Of(c.Thread).IrqsOff > 0, "lockdep_assert_irqs_disabled()", "include/linux/lockdep.h"); return 0; }) { Check = true },
        new LocalPrimitive("lockdep_assert_irqs_enabled", k, c => { AssertContext(c, k, KernelContext.Of(c.Thread).IrqsOff == 0, "lockdep_assert_irqs_enabled()", "include/linux/lockdep.h"); return 0; }) { Check = true },
        new LocalPrimitive("lockdep_assert_preemption_disabled", k, c => { AssertContext(c, k, KernelContext.Of(c.Thread).PreemptCountFor(k.Config.PreemptRt) != 0 || KernelContext.Of(c.Thread).IrqsOff > 0, "lockdep_assert_preemption_disabled()", "include/linux/lockdep.h"); return 0; }) { Check = true },
        new LocalPrimitive("lockdep_assert_preemption_enabled", k, c => { AssertContext(c, k, KernelContext.Of(c.Thread).PreemptCountFor(k.Config.PreemptRt) == 0 && KernelContext.Of(c.Thread).IrqsOff == 0, "lockdep_assert_preemption_enabled()", "include/linux/lockdep.h"); return 0; }) { Check = true },
        new MightLock(k),
    ];

    private static long Save(IntrinsicCall call, long flag)
    {
        var ctx = KernelContext.Of(call.Thread);
        var old = ctx.Memalloc & flag;
        ctx.Memalloc |= flag;
        return old;
    }

    private static long Restore(IntrinsicCall call, long flag)
    {
        var ctx = KernelContext.Of(call.Thread);
        ctx.Memalloc = (ctx.Memalloc & ~flag) | (call.Arg(0) & flag);
        return 0;
    }

    /// <summary>current_gfp_context() then __need_reclaim() and __GFP_FS (mm/page_alloc.c, fs_reclaim_acquire()): does an
    /// allocation with <paramref name="gfp"/> take the fs_reclaim map?</summary>
    public static bool TakesFsReclaim(ModelThread thread, long gfp)
    {
        var flags = KernelContext.Of(thread).Memalloc;
        if ((flags & MemallocNoIo) != 0) gfp &= ~(GfpIo | GfpFs);
        if ((flags & MemallocNoFs) != 0) gfp &= ~GfpFs;
        if ((gfp & MemoryPrimitives.GfpDirectReclaim) == 0) return false;
        if ((flags & MemallocNoReclaim) != 0) return false;
        return (gfp & GfpFs) != 0;
    }

    private static void FsReclaimAcquire(IntrinsicCall call, KernelServices k, long gfp, bool keep)
    {
        if (!k.Config.Lockdep || !TakesFsReclaim(call.Thread, gfp)) return;
        var entry = LockdepBridge.FsReclaim(call, k.Lockdep.IrqContextOf(call.Thread));
        k.Lockdep.Acquire(call, entry);
        if (keep) HeldLocks.Of(call.Thread).Push(entry);
    }

    private static void FsReclaimRelease(IntrinsicCall call, KernelServices k, long gfp)
    {
        if (!k.Config.Lockdep || !TakesFsReclaim(call.Thread, gfp)) return;
        var index = k.Lockdep.Release(call, LockClassRegistry.FsReclaimKey, "fs_reclaim_release");
        HeldLocks.Of(call.Thread).RemoveAt(index);
    }

    /// <summary>might_alloc() (include/linux/sched/mm.h): fs_reclaim_acquire() + fs_reclaim_release(), then
    /// might_sleep_if(gfpflags_allow_blocking()). Every allocation runs it (mm/slub.c, slab_pre_alloc_hook()).</summary>
    public static void MightAlloc(IntrinsicCall call, KernelServices k, long gfp, string function)
    {
        FsReclaimAcquire(call, k, gfp, keep: false);
        if ((gfp & MemoryPrimitives.GfpDirectReclaim) != 0) k.Sleep.MightSleep(call, function);
    }

    /// <summary>lockdep_assert_held_type(): -1 any (lockdep_assert_held), 0 write, 1 read; -2 not held.</summary>
    private static void AssertHeld(IntrinsicCall call, KernelServices k, long lockAddress, int type)
    {
        if (!k.Config.Lockdep) return;
        var held = HeldLocks.Of(call.Thread);
        var index = held.IndexOf(lockAddress);
        var ok = type switch
        {
            -2 => index < 0,
            -1 => index >= 0,
            0 => index >= 0 && held[index].Mode == AcquireMode.Write,
            _ => index >= 0 && held[index].Mode != AcquireMode.Write,
        };
        if (ok) return;
        var what = type switch { -2 => "lockdep_assert_not_held", 0 => "lockdep_assert_held_write", 1 => "lockdep_assert_held_read", _ => "lockdep_assert_held" };
        var name = LockObject.ClassName(call, lockAddress);
        var site = call.SourceSite;
        var title = $"WARNING: CPU: 0 PID: {KernelBugs.Pid(call.ThreadId)} at {site?.File}:{site?.Line} {site?.Function}+0x0/0x0";
        call.Fail(BugKind.WarnOn, $"{title} ({what}({name}))",
            $"{title}\n{what}({name}) does not hold\n" + k.Lockdep.FormatHeldLocks(call));
    }

    private static void AssertContext(IntrinsicCall call, KernelServices k, bool holds, string what, string file)
    {
        if (!k.Config.Lockdep || holds) return;
        var site = call.SourceSite;
        var title = $"WARNING: CPU: 0 PID: {KernelBugs.Pid(call.ThreadId)} at {site?.File}:{site?.Line} {site?.Function}+0x0/0x0";
        call.Fail(BugKind.WarnOn, $"{title} ({what})", $"{title}\n{what} does not hold ({file})\n");
    }

    /// <summary>lockdep_set_subclass(lock, sub): the lock's later acquisitions take subclass sub of its class.</summary>
    private sealed class SetSubclass(KernelServices kernel) : Primitive("lockdep_set_subclass", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var address = call.Arg(0);
            var key = LockObject.SplitKey(LockObject.ClassKey(call, address)).BaseKey;
            call.Write(address + LockObject.Key, call.Arg(1) == 0 ? key : LockObject.SubclassKey(key, (int)call.Arg(1)));
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), init: true);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    /// <summary>
    /// lock_set_class(lock, name, key, subclass) and lockdep_set_novalidate_class(): the lock — held or not — takes another
    /// class from now on (kernel/locking/lockdep.c, __lock_set_class() re-records the held entry under the new class).
    /// Argument 3 is the subclass; a key of 0 means __lockdep_no_validate__.
    /// </summary>
    private sealed class SetHeldClass(KernelServices kernel) : Primitive("__lock_set_class", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var address = call.Arg(0);
            var key = call.Arg(2) == 0 ? LockClassRegistry.NoValidateKey : call.Arg(2);
            if (call.Arg(3) != 0) key = LockObject.SubclassKey(key, (int)call.Arg(3));
            call.Write(address + LockObject.Key, key);
            if (Pointer.IsString(call.Arg(1))) call.Write(address + LockObject.Name, call.Arg(1));
            var held = HeldLocks.Of(call.Thread);
            var index = held.IndexOf(address);
            if (index >= 0)
            {
                held.SetClassKey(index, key);
                // Its class is known from now on, named from the lock's own cells.
                Kernel.Lockdep.Trylocked(call, held[index]);
            }
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), init: true);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    /// <summary>might_lock(lock) / might_lock_read / might_lock_nested: lock_acquire() then lock_release() — the full
    /// check of taking the lock here, without taking it.</summary>
    private sealed class MightLock(KernelServices kernel) : Primitive("__might_lock", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var address = call.Arg(0);
            var kind = (LockKind)call.Arg(3);
            var entry = new HeldEntry(address, LockObject.ClassKey(call, address), kind, call.Arg(1) != 0 ? AcquireMode.Read : AcquireMode.Write,
                (int)call.Arg(2), false, call.Site, Kernel.Lockdep.IrqContextOf(call.Thread));
            Kernel.Lockdep.Acquire(call, entry);
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(call.Arg(0) + LockObject.Name, write: false);
            sink.Add(call.Arg(0) + LockObject.Key, write: false);
        }

        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }
}
