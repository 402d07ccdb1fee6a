using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;
using Lockstep.Kernel.Splats;

namespace Lockstep.Kernel.Tests.Lockdep;

/// <summary>The validator's API beyond the self-test matrix: SRCU, subclasses, nest locks, trylocks,
/// unlock across irq contexts, the chain cache, configuration, and the allocation-free common path.</summary>
public sealed class LockdepValidatorTests
{
    private static readonly LockdepTask Task = new("oom_reaper", 57);

    private sealed class FixedTrace(params string[] frames) : ILockTraceSource
    {
        public int Captures { get; private set; }

        public LockTrace Capture()
        {
            Captures++;
            return new LockTrace(frames);
        }
    }

    private static (LockdepValidator Validator, LockClassRegistry Registry) Fresh(LockdepConfig? config = null)
    {
        var registry = new LockClassRegistry();
        return (new LockdepValidator(new LockdepGraph(registry), config), registry);
    }

    private static HeldLock Take(LockClass cls, long instance, string function, LockReadMode read = LockReadMode.Exclusive,
        int subclass = 0, bool trylock = false, long nestLock = 0, bool sync = false, LockIrqContext context = LockIrqContext.Task) =>
        new(cls.Id, instance, read, subclass, trylock, function, "", context, nestLock, sync);

    [Fact]
    public void SynchronizeSrcuInsideOwnReadSectionIsRecursiveLocking()
    {
        var (validator, registry) = Fresh();
        var srcu = registry.Intern(0x1000, "srcu", LockClassKind.Srcu);
        var ctx = IrqState.TaskEnabled;
        var reader = Take(srcu, 0x1000, "__mmu_notifier_oom_enter", LockReadMode.RecursiveRead);
        Assert.Null(validator.Acquire([], reader, ctx, Task));

        var sync = Take(srcu, 0x1000, "__synchronize_srcu", sync: true);
        var report = Assert.IsType<RecursiveLockingReport>(validator.Acquire([reader], sync, ctx, Task));
        Assert.Equal("srcu", report.Acquiring.Class.Name);
        Assert.Equal("__synchronize_srcu", report.Acquiring.Function);
        Assert.Equal("__mmu_notifier_oom_enter", report.AlreadyHeld.Function);
        Assert.Equal(".+.+", report.AlreadyHeld.Class.Usage);
        Assert.Equal((0, 0), (report.AlreadyHeld.Class.WaitOuter, report.AlreadyHeld.Class.WaitInner));
        Assert.Equal(BugKind.RecursiveLocking, report.Kind);
    }

    [Fact]
    public void NestedSrcuReadersAreAllowed()
    {
        var (validator, registry) = Fresh();
        var srcu = registry.Intern(0x1000, "srcu", LockClassKind.Srcu);
        var reader = Take(srcu, 0x1000, "a", LockReadMode.RecursiveRead);
        Assert.Null(validator.Acquire([], reader, IrqState.TaskEnabled, Task));
        Assert.Null(validator.Acquire([reader], reader, IrqState.TaskEnabled, Task));
    }

    [Fact]
    public void SubclassIsItsOwnClassAndPrintsWithSlash()
    {
        var (validator, registry) = Fresh();
        var mmap = registry.Intern(0x2000, "&mm->mmap_lock", LockClassKind.RwSem);
        var outer = Take(mmap, 0x2000, "f");
        Assert.Null(validator.Acquire([], outer, IrqState.TaskEnabled, Task));
        var inner = Take(mmap, 0x2100, "g", subclass: 1);
        Assert.Null(validator.Acquire([outer], inner, IrqState.TaskEnabled, Task));
        var nested = registry.Subclass(mmap.Id, 1);
        Assert.Equal("&mm->mmap_lock/1", nested.PrintedName);
        Assert.True(validator.Graph.HasEdge(mmap.Id, nested.Id));

        // the reverse order now closes a cycle
        Assert.Null(validator.Acquire([], inner, IrqState.TaskEnabled, Task));
        Assert.IsType<CircularLockingReport>(validator.Acquire([inner], outer, IrqState.TaskEnabled, Task));
    }

    [Fact]
    public void SameNameOnTwoKeysPrintsAVersion()
    {
        var registry = new LockClassRegistry();
        var first = registry.Intern(1, "&kvm->mmu_lock", LockClassKind.RwLock);
        var second = registry.Intern(2, "&kvm->mmu_lock", LockClassKind.RwLock);
        Assert.Same(first, registry.Intern(1, "&kvm->mmu_lock", LockClassKind.RwLock));
        Assert.Equal("&kvm->mmu_lock", first.PrintedName);
        Assert.Equal("&kvm->mmu_lock#2", second.PrintedName);
    }

    [Fact]
    public void NestLockAllowsTwoInstancesOfOneClass()
    {
        var (validator, registry) = Fresh();
        var x = registry.Intern(1, "x", LockClassKind.Spin);
        var y = registry.Intern(2, "y", LockClassKind.Spin);
        var ctx = IrqState.TaskEnabled;
        var x1 = Take(x, 0x10, "f");
        var y1 = Take(y, 0x20, "f", nestLock: 0x10);
        var y2 = Take(y, 0x21, "f", nestLock: 0x10);
        Assert.Null(validator.Acquire([], x1, ctx, Task));
        Assert.Null(validator.Acquire([x1], y1, ctx, Task));
        Assert.Null(validator.Acquire([x1, y1], y2, ctx, Task));

        // without the annotation it is recursive locking
        var y3 = Take(y, 0x22, "f");
        Assert.IsType<RecursiveLockingReport>(validator.Acquire([x1, y1], y3, ctx, Task));
    }

    [Fact]
    public void NestLockNotHeldIsReportedWithTheLockBeingTaken()
    {
        var (validator, registry) = Fresh();
        var x = registry.Intern(1, "x", LockClassKind.Mutex);
        var y = registry.Intern(2, "y", LockClassKind.Spin);
        var ctx = IrqState.TaskEnabled;
        var y1 = Take(y, 0x20, "f", nestLock: 0x10);

        // __lock_acquire(): nest_lock && !__lock_is_held(nest_lock, -1), whatever else is held
        var other = Take(registry.Intern(3, "z", LockClassKind.Spin), 0x30, "e");
        var report = Assert.IsType<NestedLockNotTakenReport>(validator.Acquire([other], y1, ctx, Task));
        Assert.Equal(BugKind.NestLockNotHeld, report.Kind);
        Assert.Equal("WARNING: Nested lock was not taken", report.Title);
        Assert.Equal(("y", "f", 0x20L), (report.Acquiring.Class.Name, report.Acquiring.Function, report.Acquiring.Instance));
        Assert.Equal(0x10, report.NestLock);
        Assert.Equal(["z"], report.HeldLocks.Select(l => l.Class.Name));
        Assert.Equal(0, validator.Graph.EdgeCount); // reported before validate_chain() records z -> y

        // a trylock is checked too; held in another irq context still counts as held
        Assert.IsType<NestedLockNotTakenReport>(validator.Acquire([], y1 with { Trylock = true }, ctx, Task));
        var x1 = Take(x, 0x10, "f");
        Assert.Null(validator.Acquire([x1], y1, ctx, Task));
        var inIrq = Take(registry.Intern(4, "w", LockClassKind.RawSpin), 0x40, "irq", nestLock: 0x10, context: LockIrqContext.Hardirq);
        Assert.Null(validator.Acquire([x1], inIrq, IrqState.TaskEnabled with { InHardirq = true, HardirqsEnabled = false }, Task));
    }

    /// <summary>__lock_acquire(): a nest-lock acquisition of the innermost held lock's class is merged into it (its
    /// references) before any check — even with a nest lock the task does not hold.</summary>
    [Fact]
    public void NestLockAcquisitionOfTheInnermostClassIsMergedUnchecked()
    {
        var (validator, registry) = Fresh();
        var y = registry.Intern(2, "y", LockClassKind.Mutex);
        var z = registry.Intern(3, "z", LockClassKind.Mutex);
        var ctx = IrqState.TaskEnabled;
        var y1 = Take(y, 0x20, "f");
        var y2 = Take(y, 0x21, "f", nestLock: 0x99);
        Assert.Null(validator.Acquire([y1], y2, ctx, Task));
        Assert.True(validator.WouldReportDeadlock([], y2, ctx)); // nothing to merge into: the unheld nest lock is reported
        Assert.False(validator.WouldReportDeadlock([y1], y2, ctx));

        // only the innermost: with another class on top the nest lock is checked
        var z1 = Take(z, 0x30, "g");
        Assert.IsType<NestedLockNotTakenReport>(validator.Acquire([y1, z1], y2, ctx, Task));
    }

    [Fact]
    public void TrylockAddsNoDependency()
    {
        var (validator, registry) = Fresh();
        var oom = registry.Intern(1, "oom_lock", LockClassKind.Mutex);
        var mmap = registry.Intern(2, "&mm->mmap_lock", LockClassKind.RwSem);
        var a = Take(oom, 0x10, "f");
        var b = Take(mmap, 0x20, "g", LockReadMode.Read, trylock: true);
        Assert.Null(validator.Acquire([], a, IrqState.TaskEnabled, Task));
        Assert.Null(validator.Acquire([a], b, IrqState.TaskEnabled, Task));
        Assert.Equal(0, validator.Graph.EdgeCount);

        // but a lock taken after a held trylock depends on it and on the lock below it
        var c = registry.Intern(3, "c", LockClassKind.Mutex);
        Assert.Null(validator.Acquire([a, b], Take(c, 0x30, "h"), IrqState.TaskEnabled, Task));
        Assert.True(validator.Graph.HasEdge(mmap.Id, c.Id));
        Assert.True(validator.Graph.HasEdge(oom.Id, c.Id));
    }

    [Fact]
    public void UnlockingATaskLockFromAnIrqIsBadUnlockBalance()
    {
        var (validator, registry) = Fresh();
        var a = registry.Intern(1, "a", LockClassKind.Spin);
        var b = registry.Intern(2, "b", LockClassKind.Spin);
        HeldLock[] held = [Take(a, 0x10, "f"), Take(b, 0x20, "irq_handler", context: LockIrqContext.Hardirq)];
        Assert.Equal(-1, LockdepValidator.FindHeld(held, 0x10));
        Assert.Equal(1, LockdepValidator.FindHeld(held, 0x20));
        var report = Assert.IsType<BadUnlockBalanceReport>(validator.Release(held, 0x10, a.Id, Task, "irq_handler"));
        Assert.Equal("a", report.LockName);
        Assert.Null(validator.Release(held[..1], 0x10, a.Id, Task, "f"));
    }

    [Fact]
    public void WaitTypesFollowRawLockNesting()
    {
        var (noNesting, registry) = Fresh(new LockdepConfig(ProveRawLockNesting: false));
        var raw = registry.Intern(1, "raw", LockClassKind.RawSpin);
        var spin = registry.Intern(2, "spin", LockClassKind.Spin);
        var mutex = registry.Intern(3, "mutex", LockClassKind.Mutex);
        var ctx = IrqState.TaskEnabled;
        var rawHeld = Take(raw, 0x10, "f");
        var spinHeld = Take(spin, 0x20, "f");
        // CONFIG == SPIN without PROVE_RAW_LOCK_NESTING: spinlock_t under raw_spinlock_t is fine ...
        Assert.Null(noNesting.Acquire([rawHeld], spinHeld, ctx, Task));
        // ... a mutex under a spinlock_t is not
        var report = Assert.IsType<InvalidWaitContextReport>(noNesting.Acquire([spinHeld], Take(mutex, 0x30, "g"), ctx, Task));
        Assert.Equal((3, 3), (report.Acquiring.Class.WaitOuter, report.Acquiring.Class.WaitInner));
        Assert.Equal(4, report.ContextLevel);
        Assert.Equal((2, 2), (report.HeldLocks[0].Class.WaitOuter, report.HeldLocks[0].Class.WaitInner));

        var nesting = new LockdepValidator(new LockdepGraph(registry), new LockdepConfig(ProveRawLockNesting: true));
        var nested = Assert.IsType<InvalidWaitContextReport>(nesting.Acquire([rawHeld], spinHeld, ctx, Task));
        Assert.Equal((3, 3), (nested.Acquiring.Class.WaitOuter, nested.Acquiring.Class.WaitInner));
        Assert.Equal(5, nested.ContextLevel);

        var off = new LockdepValidator(new LockdepGraph(registry), new LockdepConfig(CheckWaitContext: false));
        Assert.Null(off.Acquire([spinHeld], Take(mutex, 0x30, "g"), ctx, Task));
    }

    [Fact]
    public void PseudoLockImposesNoWaitLimit()
    {
        var (validator, registry) = Fresh();
        var map = registry.Intern(1, "mmu_notifier_invalidate_range_start", LockClassKind.Pseudo);
        var raw = registry.Intern(2, "raw", LockClassKind.RawSpin);
        var mutex = registry.Intern(3, "m", LockClassKind.Mutex);
        var rawHeld = Take(raw, 0x20, "f");
        Assert.Null(validator.Acquire([rawHeld], Take(map, 0x10, "g"), IrqState.TaskEnabled, Task));
        Assert.Null(validator.Acquire([Take(map, 0x10, "g")], Take(mutex, 0x30, "h"), IrqState.TaskEnabled, Task));
    }

    [Fact]
    public void QueuedRwlocksMakeTaskReadLockNonRecursive()
    {
        var task = IrqState.TaskEnabled;
        var irq = new IrqState(true, false, false, true);
        Assert.Equal(LockReadMode.RecursiveRead, LockdepConfig.Default.RwlockReadMode(task));
        var queued = new LockdepConfig(QueuedRwlocks: true);
        Assert.Equal(LockReadMode.Read, queued.RwlockReadMode(task));
        Assert.Equal(LockReadMode.RecursiveRead, queued.RwlockReadMode(irq));
        Assert.Equal(LockReadMode.RecursiveRead, (queued with { PreemptRt = true }).RwlockReadMode(task));
    }

    [Fact]
    public void ValidatedChainsAreNotSearchedAgainAndNeedNoTrace()
    {
        var (validator, registry) = Fresh();
        var a = registry.Intern(1, "a", LockClassKind.Mutex);
        var b = registry.Intern(2, "b", LockClassKind.Mutex);
        var trace = new FixedTrace("f", "g");
        var held = new[] { Take(a, 0x10, "f") };
        var next = Take(b, 0x20, "g");
        Assert.Null(validator.Acquire([], held[0], IrqState.TaskEnabled, Task, trace));
        Assert.Null(validator.Acquire(held, next, IrqState.TaskEnabled, Task, trace));
        var captures = trace.Captures;
        var chains = validator.Graph.ValidatedChainCount;
        Assert.Null(validator.Acquire(held, next, IrqState.TaskEnabled, Task, trace));
        Assert.Equal(captures, trace.Captures);
        Assert.Equal(chains, validator.Graph.ValidatedChainCount);
        Assert.Equal(new LockTrace(["f", "g"]), validator.Graph.EdgesFrom(a.Id).Single().Trace);
    }

    [Fact]
    public void CommonPathAllocatesNothing()
    {
        var (validator, registry) = Fresh();
        var a = registry.Intern(1, "a", LockClassKind.Spin);
        var b = registry.Intern(2, "b", LockClassKind.Spin);
        var held = new[] { Take(a, 0x10, "f") };
        var next = Take(b, 0x20, "g");
        var ctx = IrqState.TaskEnabled;
        Assert.Null(validator.Acquire(held, next, ctx, Task)); // first time: records
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            validator.Acquire(held, next, ctx, Task);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WorkersShareOneGraph()
    {
        var (validator, registry) = Fresh();
        var classes = Enumerable.Range(0, 8).Select(i => registry.Intern(i + 1, "l" + i, LockClassKind.Mutex)).ToArray();
        var reports = 0;
        Parallel.For(0, 64, worker =>
        {
            // every worker takes the locks in ascending order: no report; only the innermost held lock is a
            // "prev" (check_prevs_add stops at the first non-trylock), so the graph is the chain l0 -> ... -> l7
            var held = new List<HeldLock>();
            for (var i = worker % 3; i < classes.Length; i++)
            {
                var next = Take(classes[i], 0x100 + i, "w");
                if (validator.Acquire(held.ToArray(), next, IrqState.TaskEnabled, new LockdepTask("w", worker)) is not null)
                    Interlocked.Increment(ref reports);
                held.Add(next);
            }
        });
        Assert.Equal(0, reports);
        Assert.Equal(7, validator.Graph.EdgeCount);
        // and any descending pair now closes a cycle
        var top = Take(classes[7], 0x107, "x");
        Assert.IsType<CircularLockingReport>(validator.Acquire([top], Take(classes[0], 0x100, "y"), IrqState.TaskEnabled, Task));
    }

    [Fact]
    public void CircularChainListsPathFromHeldDownToAcquiring()
    {
        var (validator, registry) = Fresh();
        var a = registry.Intern(1, "a", LockClassKind.Mutex);
        var b = registry.Intern(2, "b", LockClassKind.Mutex);
        var c = registry.Intern(3, "c", LockClassKind.Mutex);
        var ctx = IrqState.TaskEnabled;
        void Pair(LockClass x, LockClass y) =>
            Assert.Null(validator.Acquire([Take(x, x.Key, "f")], Take(y, y.Key, "g"), ctx, Task, new FixedTrace(x.Name + "_then_" + y.Name)));
        Pair(a, b);
        Pair(b, c);
        var report = Assert.IsType<CircularLockingReport>(
            validator.Acquire([Take(c, c.Key, "f")], Take(a, a.Key, "g"), ctx, Task, new FixedTrace("now")));
        Assert.Equal(["c", "b", "a"], report.Chain.Select(e => e.Class.Name));
        Assert.Equal([2, 1, 0], report.Chain.Select(e => e.Depth));
        Assert.Equal(["b_then_c", "a_then_b", "now"], report.Chain.Select(e => e.Trace.Frames[0]));
        Assert.Equal("b", report.Parent);
        Assert.False(report.ParentIsAcquiring);
    }

    [Fact]
    public void ReinitOfHeldLockIsReported()
    {
        var (validator, registry) = Fresh();
        var a = registry.Intern(1, "a", LockClassKind.Mutex);
        HeldLock[] held = [Take(a, 0x10, "f")];
        Assert.IsType<HeldLockFreedReport>(validator.Reinit(held, 0x10, Task));
        Assert.Null(validator.Reinit(held, 0x11, Task));
        Assert.IsType<HeldLockFreedReport>(validator.CheckNoLocksFreed(held, 0x8, 0x10, Task));
    }

    [Fact]
    public void InconsistentStateNamesBothUsages()
    {
        var (validator, registry) = Fresh();
        var a = registry.Intern(1, "a", LockClassKind.Spin);
        var inIrq = new IrqState(true, false, false, true, HardirqThreaded: true);
        Assert.Null(validator.Acquire([], Take(a, 0x10, "handler", context: LockIrqContext.Hardirq), inIrq, Task, new FixedTrace("handler")));
        var report = Assert.IsType<InconsistentLockStateReport>(validator.Acquire([], Take(a, 0x10, "f"), IrqState.TaskEnabled, Task));
        Assert.Equal("IN-HARDIRQ-W", report.PreviousUsage);
        Assert.Equal("HARDIRQ-ON-W", report.NewUsage);
        Assert.Equal("handler", report.PreviousUsageAt.Frames[0]);
        Assert.Equal("?...", report.Lock.Class.Usage);
        // the failed mark was not recorded: another path reaching it is reported again
        Assert.IsType<InconsistentLockStateReport>(validator.Acquire([], Take(a, 0x10, "f"), IrqState.TaskEnabled, Task));
    }
}
