using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// SRCU as its two-counter design works: srcu_read_lock() increments the counter of the current index and returns the
/// index; synchronize_srcu() takes the grace-period slot (grace periods of one srcu_struct are serialised), flips the
/// index, and waits until the old index's counter drains. Readers that entered after the flip use the new index, so a
/// grace period waits exactly for the readers that were inside when it began.
/// Lockdep: readers are recursive-read acquisitions of the srcu class; synchronize_srcu() is checked as a write
/// acquisition (the kernel's lock_sync in __synchronize_srcu), so calling it inside the same srcu's read side is
/// "possible recursive locking detected" before the real self-deadlock.
/// </summary>
public static class SrcuPrimitives
{
    // srcu_struct cells beyond the common lock header: 0 = current index, 1/2 = the two reader counters, 5 = grace-period owner.
    internal const int Index = 0;
    internal const int GpOwner = LockObject.Extra;
    internal const int Callbacks = LockObject.Extra + 1;

    internal static int CounterCell(long index) => 1 + (int)(index & 1);

    public static IEnumerable<IIntrinsic> All(KernelServices kernel) =>
    [
        new ReadLock(kernel),
        new ReadUnlock(kernel),
        new Synchronize("synchronize_srcu", kernel),
        new Synchronize("synchronize_srcu_expedited", kernel),
        new LockInit("__init_srcu_struct", kernel),
    ];

    private sealed class ReadLock(KernelServices kernel) : Primitive("srcu_read_lock", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var ssp = call.Arg(0);
            var idx = call.Read(ssp + Index);
            var entry = new HeldEntry(ssp, LockObject.ClassKey(call, ssp), LockKind.Srcu, AcquireMode.RecursiveRead, 0, false, call.Site, Kernel.Lockdep.IrqContextOf(call.Thread));
            Kernel.Lockdep.Acquire(call, entry);
            call.Write(ssp + CounterCell(idx), call.Read(ssp + CounterCell(idx)) + 1);
            HeldLocks.Of(call.Thread).Push(entry);
            call.Result = idx;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), extra: 2);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    private sealed class ReadUnlock(KernelServices kernel) : Primitive("srcu_read_unlock", IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var ssp = call.Arg(0);
            var idx = call.Arg(1);
            call.Read(ssp + Index);
            var index = Kernel.Lockdep.Release(call, ssp, Name);
            var cell = ssp + CounterCell(idx);
            var count = call.Read(cell);
            if (count <= 0)
                call.Fail(BugKind.WarnOn, $"WARNING: srcu_read_unlock() with index {idx} that has no reader",
                    $"WARNING: CPU: 0 PID: {KernelBugs.Pid(call.ThreadId)} at kernel/rcu/srcutree.c srcu_read_unlock\nunbalanced srcu_read_unlock(idx={idx})\n");
            call.Write(cell, count - 1);
            HeldLocks.Of(call.Thread).RemoveAt(index);
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), extra: 2);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }

    internal sealed class Synchronize(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override bool IsEnabled(IntrinsicCall call)
        {
            var ssp = call.Arg(0);
            var phase = call.Scratch;
            if (!call.TryRead(ssp + GpOwner, out var owner)) return true;
            if (phase == 0)
            {
                if (owner == 0) return true;
                // The checks must get their step even when a grace period is in progress.
                return (Kernel.Config.Lockdep && HeldLocks.Of(call.Thread).Holds(ssp)) || Kernel.Sleep.WouldReport(call);
            }
            call.TryRead(ssp + CounterCell(phase - 2), out var readers);
            return readers == 0;
        }


        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var ssp = call.Arg(0);
            if (call.Scratch == 0)
            {
                call.Read(ssp + Index);
                // __synchronize_srcu(): srcu_lock_sync() (lockdep) comes before might_sleep(), so inside its own read
                // side the recursive-locking report is what the kernel prints first.
                var entry = new HeldEntry(ssp, LockObject.ClassKey(call, ssp), LockKind.Srcu, AcquireMode.Write, 0, false, call.Site, Kernel.Lockdep.IrqContextOf(call.Thread));
                Kernel.Lockdep.Acquire(call, entry, atFunction: "__synchronize_srcu");
                if (Name == "__synchronize_rcu" && Kernel.Config.Lockdep && KernelContext.Of(call.Thread).RcuNesting > 0)
                {
                    // synchronize_rcu(): RCU_LOCKDEP_WARN(lock_is_held(&rcu_lock_map) ...) comes before might_sleep().
                    var site = call.SourceSite;
                    var splat = new Splats.SuspiciousRcuUsageSplat(LockdepBridge.Task(call), site?.File ?? "?", site?.Line ?? 0,
                        "Illegal synchronize_rcu() in RCU read-side critical section!", Kernel.Lockdep.PrintHeld(call),
                        new Lockdep.LockTrace(LockdepBridge.KernelFrames(call)));
                    Kernel.Lockdep.Fail(call, splat);
                }
                Kernel.Sleep.MightSleep(call, Name);
                if (call.Read(ssp + GpOwner) != 0) return IntrinsicOutcome.Again; // checked; still waits for its turn
                var old = call.Read(ssp + Index);
                call.Write(ssp + GpOwner, call.ThreadId + 1);
                call.Write(ssp + Index, old ^ 1);
                call.Scratch = 2 + old;
                return IntrinsicOutcome.Again;
            }
            call.Write(ssp + GpOwner, 0);
            call.Scratch = 0;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => LockObject.AddFootprint(sink, call.Arg(0), extra: 2);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;

        public override string DescribeWait(IntrinsicCall call)
        {
            var ssp = call.Arg(0);
            var cls = LockObject.ClassName(call, ssp);
            if (call.Scratch == 0) return $"{Name}({cls}): another grace period in progress";
            var readers = new List<string>();
            for (var t = 0; t < call.State.ThreadCount; t++)
                if (HeldLocks.Of(call.State.Thread(t)).Holds(ssp)) readers.Add(call.ThreadName(t));
            return $"{Name}({cls}): grace period waits for reader(s) {string.Join(", ", readers)}";
        }
    }
}
