using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Contexts;
using Lockstep.Kernel.Primitives;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel;

/// <summary>
/// Every kernel primitive a model may call, by the name the headers in models/include declare, for one check with
/// one configuration. The Machine sees it as its intrinsic provider.
/// </summary>
public sealed class KernelPrimitives : IIntrinsicProvider
{
    private readonly Dictionary<string, IIntrinsic> _byName = new(StringComparer.Ordinal);

    public KernelPrimitives(KernelConfig config)
    {
        Services = new KernelServices(config);
        foreach (var p in Build(Services)) _byName.Add(p.Name, p);
    }

    public KernelServices Services { get; }
    public IEnumerable<string> Names => _byName.Keys;
    public int ThreadContextCells => KernelContext.Cells;
    public ulong SharedContextCells => KernelContext.SharedCells;
    public ulong DeliveryContextCells => KernelContext.DeliveryCells;

    public bool IsIntrinsic(string name) => _byName.ContainsKey(name);

    public IIntrinsic Resolve(string name) =>
        _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"'{name}' is not a Lockstep primitive");

    /// <summary>Kernel threads the primitives start, named as the kernel names them.</summary>
    public static readonly IReadOnlyList<string> KernelThreadNames = [WorkqueuePrimitives.ThreadName, TimerPrimitives.ThreadName, "srcu_cb"];

    public void Attach(LoadedProgram program)
    {
        foreach (var name in KernelThreadNames) Services.RegisterThreadName(name, program.Intern(name));
    }

    public int PendingInterrupts(IntrinsicCall call) => InterruptPrimitives.Pending(call, Services.Config);
    public (long Handler, long Arg0, long Arg1) EnterInterrupt(IntrinsicCall call, int source) => InterruptPrimitives.Enter(call, source);
    public void ExitInterrupt(IntrinsicCall call) => InterruptPrimitives.Exit(call);
    /// <summary>Preemption, bottom halves or interrupts off: a loop here is what the soft-lockup watchdog reports.</summary>
    public bool HoldsItsCpu(IntrinsicCall call) => KernelContext.Of(call.Thread).KeepsItsCpu;

    public bool IsSuspended(IntrinsicCall call) => !Services.Config.Lockdep && TimerSoftirqs.GuestOf(call) >= 0;
    public string DescribeSuspension(IntrinsicCall call) => TimerSoftirqs.DescribeSuspension(call);

    public MachineBug Describe(MachineFault fault) => FaultReports.Render(fault);

    /// <summary>From the thread's held-lock stack: a writer (or the holder of a spinlock or mutex) holds it exclusively,
    /// a reader shared; a lock that excludes nobody (<see cref="LockSemantics.Excludes"/>) is not held for this purpose.</summary>
    public LockHold HeldMode(IntrinsicCall call, long lockAddress)
    {
        var held = HeldLocks.Of(call.Thread);
        var index = held.IndexOf(lockAddress);
        if (index < 0) return LockHold.None;
        var entry = held[index];
        if (!LockSemantics.Excludes(entry.Kind)) return LockHold.None;
        return entry.Mode == AcquireMode.Write ? LockHold.Exclusive : LockHold.Shared;
    }

    /// <summary>
    /// A thread ends holding locks. The model's main (and a thread marked as a user task) stands for a system call,
    /// so lockdep_sys_exit() reports its return to user space; every other thread is a kthread whose function returned into do_exit(), whose
    /// debug_check_no_locks_held() prints print_held_locks_bug() (both kernel/locking/lockdep.c, v6.19 wording).
    /// </summary>
    public void OnThreadExit(IntrinsicCall call)
    {
        if (!Services.Config.Lockdep) return;
        var held = HeldLocks.Of(call.Thread);
        if (held.Count == 0) return;
        var name = call.ThreadName(call.ThreadId);
        var pid = KernelBugs.Pid(call.ThreadId);
        var lockName = LockObject.ClassName(call, held[held.Count - 1].Address);
        if (call.ThreadId == 0 || KernelContext.Of(call.Thread).UserTask)
        {
            call.Fail(BugKind.LockHeldAtExit, $"WARNING: lock held when returning to user space! ({name} returns holding {lockName})",
                "================================================\nWARNING: lock held when returning to user space!\n" +
                "------------------------------------------------\n" +
                $"{name}/{pid} is leaving the kernel with locks still held!\n" + Services.Lockdep.FormatHeldLocks(call));
        }
        var stack = LockdepBridge.KernelFrames(call);
        call.Fail(BugKind.LockHeldAtExit, $"WARNING: {name}/{pid} still has locks held! ({name} exits holding {lockName})",
            $"====================================\nWARNING: {name}/{pid} still has locks held!\n" +
            "------------------------------------\n" + Services.Lockdep.FormatHeldLocks(call) +
            "\nstack backtrace:\nCall Trace:\n <TASK>\n do_exit+0x0/0x0\n" + string.Concat(stack.Select(f => $" {f}\n")) + " </TASK>\n");
    }

    private static IEnumerable<IIntrinsic> Build(KernelServices k)
    {
        foreach (var p in LockFamily("spin", LockKind.Spin, k)) yield return p;
        foreach (var p in LockFamily("raw_spin", LockKind.RawSpin, k)) yield return p;
        foreach (var p in RwLockFamily(k)) yield return p;
        yield return new LockInit("__spin_lock_init", k);
        yield return new LockInit("__raw_spin_lock_init", k);
        yield return new LockInit("__rwlock_init", k);
        yield return new LockInit("__mutex_init", k);
        yield return new LockInit("__init_rwsem", k);
        yield return new LockInit("__lockdep_init_map", k);

        yield return new LockAcquire("mutex_lock", k, LockKind.Mutex, AcquireMode.Write);
        yield return new LockAcquire("mutex_lock_interruptible", k, LockKind.Mutex, AcquireMode.Write);
        yield return new LockAcquire("mutex_lock_killable", k, LockKind.Mutex, AcquireMode.Write);
        yield return new LockAcquire("mutex_lock_nested", k, LockKind.Mutex, AcquireMode.Write, nested: true);
        yield return new LockAcquire("mutex_lock_nest_lock", k, LockKind.Mutex, AcquireMode.Write, nestLock: true);
        yield return new LockAcquire("down_write_nest_lock", k, LockKind.RwSem, AcquireMode.Write, nestLock: true);
        yield return new LockAcquire("mutex_trylock", k, LockKind.Mutex, AcquireMode.Write, trylock: true);
        yield return new LockRelease("mutex_unlock", k, LockKind.Mutex, AcquireMode.Write);

        yield return new LockAcquire("down_read", k, LockKind.RwSem, AcquireMode.Read);
        yield return new LockAcquire("down_read_killable", k, LockKind.RwSem, AcquireMode.Read);
        yield return new LockAcquire("down_read_nested", k, LockKind.RwSem, AcquireMode.Read, nested: true);
        yield return new LockAcquire("down_read_trylock", k, LockKind.RwSem, AcquireMode.Read, trylock: true);
        yield return new LockRelease("up_read", k, LockKind.RwSem, AcquireMode.Read);
        yield return new LockAcquire("down_write", k, LockKind.RwSem, AcquireMode.Write);
        yield return new LockAcquire("down_write_killable", k, LockKind.RwSem, AcquireMode.Write);
        yield return new LockAcquire("down_write_nested", k, LockKind.RwSem, AcquireMode.Write, nested: true);
        yield return new LockAcquire("down_write_trylock", k, LockKind.RwSem, AcquireMode.Write, trylock: true);
        yield return new LockRelease("up_write", k, LockKind.RwSem, AcquireMode.Write);
        yield return new LockSetClass(k);

        // rt_mutex (kernel/locking/rtmutex_api.c): a sleeping lock as lockdep sees it (wait type SLEEP, like a mutex);
        // priority inheritance changes only which waiter runs first, which the search covers anyway.
        yield return new LockInit("__rt_mutex_init", k);
        yield return new LockAcquire("rt_mutex_lock", k, LockKind.Mutex, AcquireMode.Write);
        yield return new LockAcquire("rt_mutex_lock_nested", k, LockKind.Mutex, AcquireMode.Write, nested: true);
        yield return new LockAcquire("rt_mutex_lock_interruptible", k, LockKind.Mutex, AcquireMode.Write);
        yield return new LockAcquire("rt_mutex_lock_killable", k, LockKind.Mutex, AcquireMode.Write);
        yield return new LockAcquire("rt_mutex_trylock", k, LockKind.Mutex, AcquireMode.Write, trylock: true);
        yield return new LockRelease("rt_mutex_unlock", k, LockKind.Mutex, AcquireMode.Write);
        foreach (var p in LocalLockPrimitives.All(k)) yield return p;
        foreach (var p in WwMutexPrimitives.All(k)) yield return p;
        foreach (var p in AnnotationPrimitives.All(k)) yield return p;

        foreach (var p in SrcuPrimitives.All(k)) yield return p;
        foreach (var p in RcuPrimitives.All(k)) yield return p;
        foreach (var p in PseudoLockPrimitives.All(k)) yield return p;
        foreach (var p in ThreadPrimitives.All(k)) yield return p;
        foreach (var p in AtomicPrimitives.All(k)) yield return p;
        foreach (var p in RefcountPrimitives.All(k)) yield return p;
        foreach (var p in ContextPrimitives.All(k)) yield return p;
        foreach (var p in MemoryPrimitives.All(k)) yield return p;
        foreach (var p in CheckPrimitives.All(k)) yield return p;
        foreach (var p in WaitPrimitives.All(k)) yield return p;
        foreach (var p in DeferredWorkPrimitives.All(k)) yield return p;
        foreach (var p in WorkqueuePrimitives.All(k)) yield return p;
        foreach (var p in TimerPrimitives.All(k)) yield return p;
        foreach (var p in InterruptPrimitives.All(k)) yield return p;
        foreach (var p in SchedulePrimitives.All(k)) yield return p;
    }

    private static IEnumerable<IIntrinsic> LockFamily(string prefix, LockKind kind, KernelServices k)
    {
        yield return new LockAcquire($"{prefix}_lock", k, kind, AcquireMode.Write);
        yield return new LockAcquire($"{prefix}_lock_irq", k, kind, AcquireMode.Write, LockFlavor.Irq);
        yield return new LockAcquire($"_{prefix}_lock_irqsave", k, kind, AcquireMode.Write, LockFlavor.IrqSave);
        yield return new LockAcquire($"{prefix}_lock_bh", k, kind, AcquireMode.Write, LockFlavor.Bh);
        yield return new LockAcquire($"{prefix}_lock_nested", k, kind, AcquireMode.Write, nested: true);
        yield return new LockAcquire($"{prefix}_lock_nest_lock", k, kind, AcquireMode.Write, nestLock: true);
        yield return new LockAcquire($"{prefix}_trylock", k, kind, AcquireMode.Write, trylock: true);
        yield return new LockRelease($"{prefix}_unlock", k, kind, AcquireMode.Write);
        yield return new LockRelease($"{prefix}_unlock_irq", k, kind, AcquireMode.Write, LockFlavor.Irq);
        yield return new LockRelease($"{prefix}_unlock_irqrestore", k, kind, AcquireMode.Write, LockFlavor.IrqSave);
        yield return new LockRelease($"{prefix}_unlock_bh", k, kind, AcquireMode.Write, LockFlavor.Bh);
    }

    private static IEnumerable<IIntrinsic> RwLockFamily(KernelServices k)
    {
        foreach (var (side, mode) in new[] { ("read", AcquireMode.Read), ("write", AcquireMode.Write) })
        {
            yield return new LockAcquire($"{side}_lock", k, LockKind.RwLock, mode);
            yield return new LockAcquire($"{side}_lock_irq", k, LockKind.RwLock, mode, LockFlavor.Irq);
            yield return new LockAcquire($"_{side}_lock_irqsave", k, LockKind.RwLock, mode, LockFlavor.IrqSave);
            yield return new LockAcquire($"{side}_lock_bh", k, LockKind.RwLock, mode, LockFlavor.Bh);
            yield return new LockAcquire($"{side}_trylock", k, LockKind.RwLock, mode, trylock: true);
            yield return new LockRelease($"{side}_unlock", k, LockKind.RwLock, mode);
            yield return new LockRelease($"{side}_unlock_irq", k, LockKind.RwLock, mode, LockFlavor.Irq);
            yield return new LockRelease($"{side}_unlock_irqrestore", k, LockKind.RwLock, mode, LockFlavor.IrqSave);
            yield return new LockRelease($"{side}_unlock_bh", k, LockKind.RwLock, mode, LockFlavor.Bh);
        }
    }
}
