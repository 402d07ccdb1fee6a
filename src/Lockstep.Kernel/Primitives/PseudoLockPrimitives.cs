using Lockstep.Kernel.Bugs;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// lockdep-only maps (<c>struct lockdep_map</c> with lock_map_acquire/lock_map_release, as
/// __mmu_notifier_invalidate_range_start_map is used in include/linux/mmu_notifier.h): they never block and have no
/// owner, but lockdep tracks them like locks so that dependencies through them are seen.
/// </summary>
public static class PseudoLockPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new MapAcquire("lock_map_acquire", k, AcquireMode.Write),
        new MapAcquire("lock_map_acquire_read", k, AcquireMode.RecursiveRead),
        new MapRelease("lock_map_release", k),
        new LockdepAcquire(k),
        new MapRelease("lock_release", k),
    ];

    /// <summary>
    /// lock_acquire(map, subclass, trylock, read, check, nest_lock, ip) (include/linux/lockdep.h): what lockdep sees
    /// of an acquisition, without the lock itself — the annotations mutex_acquire(), mutex_acquire_nest() and
    /// friends expand to. read is 0 (exclusive), 1 (shared) or 2 (recursive read); a trylock gets no dependency checks;
    /// check is always 1 here (a map that lockdep does not validate has __lockdep_no_validate__'s class instead).
    /// </summary>
    private sealed class LockdepAcquire(KernelServices kernel) : Primitive("lock_acquire", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var map = call.Arg(0);
            var mode = call.Arg(3) switch { 0 => AcquireMode.Write, 1 => AcquireMode.Read, _ => AcquireMode.RecursiveRead };
            var entry = new HeldEntry(map, LockObject.ClassKey(call, map), LockKind.LockMap, mode, (int)call.Arg(1), call.Arg(2) != 0,
                call.Site, Kernel.Lockdep.IrqContextOf(call.Thread));
            Kernel.Lockdep.Acquire(call, entry, nestLock: call.Arg(5));
            HeldLocks.Of(call.Thread).Push(entry);
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(call.Arg(0) + LockObject.Name, write: false);
            sink.Add(call.Arg(0) + LockObject.Key, write: false);
            if (call.Arg(5) != 0) sink.Add(call.Arg(5) + LockObject.Name, write: false);
        }

        // The nest lock's name is read too: beyond the one object ArgumentObject covers.
        public override StaticFootprint Static => StaticFootprint.Global;
    }

    /// <summary>
    /// A lockdep map has no owner and never blocks, but its class is found from its name and key cells, which
    /// lockdep_init_map() on another thread writes: so acquiring it is a step, whose footprint reads those two cells
    /// (and writes nothing shared: the held-lock list is its thread's own, lockdep's graph is search-wide).
    /// </summary>
    private sealed class MapAcquire(string name, KernelServices kernel, AcquireMode mode) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var map = call.Arg(0);
            var entry = new HeldEntry(map, LockObject.ClassKey(call, map), LockKind.LockMap, mode, 0, false, call.Site, Kernel.Lockdep.IrqContextOf(call.Thread));
            Kernel.Lockdep.Acquire(call, entry);
            HeldLocks.Of(call.Thread).Push(entry);
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            sink.Add(call.Arg(0) + LockObject.Name, write: false);
            sink.Add(call.Arg(0) + LockObject.Key, write: false);
        }

        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    /// <summary>As <see cref="MapAcquire"/>: a release that matches no held entry reads the map's class to report it.</summary>
    private sealed class MapRelease(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var index = Kernel.Lockdep.Release(call, call.Arg(0), Name);
            HeldLocks.Of(call.Thread).RemoveAt(index);
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
