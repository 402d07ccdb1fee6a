using Lockstep.Kernel.Bugs;
using System.Text.RegularExpressions;
using Lockstep.Kernel.Lockdep;
using Lockstep.Kernel.Splats;

namespace Lockstep.Kernel.Tests.Splats;

/// <summary>The kernel's text layout: banners, the srcu recursive-locking splat line by line, the circular
/// chain and scenario tables, and the sleep-in-atomic family.</summary>
public sealed class SplatFormatterTests
{
    private static readonly LockdepTask Reaper = new("oom_reaper", 57);
    private static readonly SplatFormatter Formatter = new();

    private sealed class FixedTrace(params string[] frames) : ILockTraceSource
    {
        public LockTrace Capture() => new(frames);
    }

    private static string[] Lines(KernelSplat splat) => Formatter.Format(splat).TrimEnd('\n').Split('\n');

    private static RecursiveLockingReport SrcuSelfDeadlock()
    {
        var registry = new LockClassRegistry();
        var validator = new LockdepValidator(new LockdepGraph(registry));
        var srcu = registry.Intern(0x4000, "srcu", LockClassKind.Srcu);
        var reader = new HeldLock(srcu.Id, 0x4000, LockReadMode.RecursiveRead, 0, false, "__mmu_notifier_oom_enter",
            "mm/mmu_notifier.c:1090", LockIrqContext.Task);
        Assert.Null(validator.Acquire([], reader, IrqState.TaskEnabled, Reaper));
        var sync = new HeldLock(srcu.Id, 0x4000, LockReadMode.Exclusive, 0, false, "__synchronize_srcu",
            "kernel/rcu/srcutree.c:1412", LockIrqContext.Task, Sync: true);
        return Assert.IsType<RecursiveLockingReport>(validator.Acquire([reader], sync, IrqState.TaskEnabled, Reaper,
            new FixedTrace("__synchronize_srcu", "synchronize_srcu", "__mmu_notifier_oom_enter", "__oom_reap_task_mm", "oom_reaper", "kthread")));
    }

    [Fact]
    public void SrcuRecursiveLockingSplatMatchesTheKernelLayout()
    {
        var report = SrcuSelfDeadlock();
        var address = KernelAddresses.Instance(0x4000);
        var sync = KernelAddresses.Symbol("__synchronize_srcu", "kernel/rcu/srcutree.c:1412");
        var enter = KernelAddresses.Symbol("__mmu_notifier_oom_enter", "mm/mmu_notifier.c:1090");
        string[] expected =
        [
            "============================================",
            "WARNING: possible recursive locking detected",
            "6.19.0-lockstep #1 Not tainted",
            "--------------------------------------------",
            "oom_reaper/57 is trying to acquire lock:",
            $"{address} (srcu){{.+.+}}-{{0:0}}, at: {sync}",
            "",
            "but task is already holding lock:",
            $"{address} (srcu){{.+.+}}-{{0:0}}, at: {enter}",
            "",
            "other info that might help us debug this:",
            " Possible unsafe locking scenario:",
            "",
            "       CPU0",
            "       ----",
            "  lock(srcu);",
            "  lock(srcu);",
            "",
            " *** DEADLOCK ***",
            "",
            " May be due to missing lock nesting notation",
            "",
            "1 lock held by oom_reaper/57:",
            $" #0: {address} (srcu){{.+.+}}-{{0:0}}, at: {enter}",
            "",
            "stack backtrace:",
            "CPU: 0 UID: 0 PID: 57 Comm: oom_reaper Not tainted 6.19.0-lockstep #1",
            "Call Trace:",
            " <TASK>",
            " " + KernelAddresses.Symbol("dump_stack_lvl"),
            " " + KernelAddresses.Symbol("__synchronize_srcu"),
            " " + KernelAddresses.Symbol("synchronize_srcu"),
            " " + KernelAddresses.Symbol("__mmu_notifier_oom_enter"),
            " " + KernelAddresses.Symbol("__oom_reap_task_mm"),
            " " + KernelAddresses.Symbol("oom_reaper"),
            " " + KernelAddresses.Symbol("kthread"),
            " </TASK>",
        ];
        Assert.Equal(expected, Lines(report));
        Assert.Contains("(srcu)", expected[5]);
        Assert.Matches(@"at: __synchronize_srcu\+0x[0-9a-f]+/0x[0-9a-f]+$", expected[5]);
        Assert.Matches(@"at: __mmu_notifier_oom_enter\+0x[0-9a-f]+/0x[0-9a-f]+$", expected[8]);
    }

    [Fact]
    public void NestedLockNotTakenSplatMatchesTheKernelLayout()
    {
        var registry = new LockClassRegistry();
        var validator = new LockdepValidator(new LockdepGraph(registry));
        var a = registry.Intern(0x5000, "lock_A", LockClassKind.Spin);
        var next = new HeldLock(a.Id, 0x5000, LockReadMode.Exclusive, 0, false, "ww_test_spin_nest_unlocked",
            "lib/locking-selftest.c:2008", LockIrqContext.Task, NestLock: 0x6000);
        var report = Assert.IsType<NestedLockNotTakenReport>(validator.Acquire([], next, IrqState.TaskEnabled, Reaper,
            new FixedTrace("_raw_spin_lock_nest_lock", "ww_test_spin_nest_unlocked")));
        var address = KernelAddresses.Instance(0x5000);
        var at = KernelAddresses.Symbol("ww_test_spin_nest_unlocked", "lib/locking-selftest.c:2008");
        string[] backtrace =
        [
            "stack backtrace:",
            "CPU: 0 UID: 0 PID: 57 Comm: oom_reaper Not tainted 6.19.0-lockstep #1",
            "Call Trace:",
            " <TASK>",
            " " + KernelAddresses.Symbol("dump_stack_lvl"),
            " " + KernelAddresses.Symbol("_raw_spin_lock_nest_lock"),
            " " + KernelAddresses.Symbol("ww_test_spin_nest_unlocked"),
            " </TASK>",
        ];
        string[] expected =
        [
            "==================================",
            "WARNING: Nested lock was not taken",
            "6.19.0-lockstep #1 Not tainted",
            "----------------------------------",
            "oom_reaper/57 is trying to lock:",
            $"{address} (lock_A){{+.+.}}-{{3:3}}, at: {at}",
            "",
            "but this task is not holding:",
            "ww_lockdep_mutex",
            "",
            .. backtrace,
            "",
            "other info that might help us debug this:",
            "no locks held by oom_reaper/57.",
            "",
            .. backtrace,
        ];
        Assert.Equal(expected, Lines(report with { NestLockName = "ww_lockdep_mutex" }));
    }

    public static IEnumerable<object[]> Banners() =>
    [
        ["recursive", "============================================"],
        ["circular", "======================================================"],
        ["wait", "============================="],
        ["inconsistent", "================================"],
        ["safe-unsafe", "====================================================="],
        ["inversion", "========================================================"],
        ["unlock", "====================================="],
        ["freed", "========================="],
        ["nest", "=================================="],
        ["rcu", "============================="],
    ];

    [Theory, MemberData(nameof(Banners))]
    public void BannersHaveTheKernelsLength(string which, string banner)
    {
        var splat = Sample(which);
        var lines = Lines(splat);
        Assert.Equal(banner, lines[0]);
        Assert.Equal(splat.Title, lines[1]);
        Assert.Equal("6.19.0-lockstep #1 Not tainted", lines[2]);
        Assert.Equal(new string('-', banner.Length), lines[3]);
    }

    [Fact]
    public void TwoLockCycleHasNoChainLineAndTheTwoCpuTable()
    {
        var report = (CircularLockingReport)Sample("circular");
        var text = Formatter.Format(report);
        Assert.DoesNotContain("Chain exists of:", text);
        string[] expected =
        [
            "which lock already depends on the new lock.",
            "",
            "",
            "the existing dependency chain (in reverse order) is:",
            "",
            "-> #1 (b){+.+.}-{4:4}:",
            "       a_then_b",
            "",
            "-> #0 (a){+.+.}-{4:4}:",
            "       now",
            "",
            "other info that might help us debug this:",
            "",
            " Possible unsafe locking scenario:",
            "",
            "       CPU0                    CPU1",
            "       ----                    ----",
            "  lock(b);",
            "                               lock(a);",
            "                               lock(b);",
            "  lock(a);",
            "",
            " *** DEADLOCK ***",
            "",
            "1 lock held by oom_reaper/57:",
        ];
        Assert.Contains(string.Join("\n", expected) + "\n", Normalise(text));
    }

    [Fact]
    public void LongerCycleNamesTheChain()
    {
        var registry = new LockClassRegistry();
        var validator = new LockdepValidator(new LockdepGraph(registry));
        var a = registry.Intern(1, "a", LockClassKind.Mutex);
        var b = registry.Intern(2, "b", LockClassKind.Mutex);
        var c = registry.Intern(3, "c", LockClassKind.Mutex);
        Pair(validator, a, b);
        Pair(validator, b, c);
        var report = validator.Acquire([Held(c)], Held(a), IrqState.TaskEnabled, Reaper);
        var lines = Lines(report!);
        var chain = Array.IndexOf(lines, "Chain exists of:");
        Assert.True(chain > 0);
        Assert.Equal("  a --> b --> c", lines[chain + 1]);
        Assert.Equal(
            ["  lock(c);", "                               lock(b);", "                               lock(c);", "  lock(a);"],
            lines[(chain + 7)..(chain + 11)]);
        Assert.Contains("-> #2 (c){+.+.}-{4:4}:", lines);
    }

    [Fact]
    public void SleepingFunctionSplatHeadLines()
    {
        var splat = new SleepInInvalidContextSplat(Reaper, "kernel/locking/spinlock_rt.c", 48, InAtomic: false, IrqsDisabled: false,
            NonBlockCount: 1, PreemptCount: 0, ExpectedPreemptCount: 0, RcuNestDepth: 1, ExpectedRcuNestDepth: 1,
            HeldLocks: [], PreemptionDisabledAt: null, Stack: new LockTrace(["rt_spin_lock", "kvm_mmu_notifier_invalidate_range_start"]));
        var lines = Lines(splat);
        Assert.Equal("BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:48", lines[0]);
        Assert.Equal("in_atomic(): 0, irqs_disabled(): 0, non_block: 1, pid: 57, name: oom_reaper", lines[1]);
        Assert.Equal("preempt_count: 0, expected: 0", lines[2]);
        Assert.Equal("RCU nest depth: 1, expected: 1", lines[3]);
        Assert.Equal("no locks held by oom_reaper/57.", lines[4]);
        Assert.Equal(BugKind.SleepInAtomic, splat.Kind);
    }

    [Fact]
    public void SchedulingSplatsTitleLines()
    {
        var atomic = new SchedulingWhileAtomicSplat(Reaper, 2, [], "oom_reap_task_mm", LockTrace.Empty);
        Assert.Equal("BUG: scheduling while atomic: oom_reaper/57/0x00000002", Lines(atomic)[0]);
        var nonBlock = new NonBlockingScheduleSplat(Reaper, 1, LockTrace.Empty);
        Assert.Equal("BUG: scheduling in a non-blocking section: oom_reaper/57/1", Lines(nonBlock)[0]);
    }

    [Fact]
    public void SuspiciousRcuUsageLayout()
    {
        var lines = Lines(Sample("rcu"));
        Assert.Equal("kernel/rcu/srcutree.c:1411 Illegal synchronize_srcu() in same-type SRCU (or in RCU) read-side critical section!", lines[4]);
        Assert.Equal(["", "other info that might help us debug this:", "", "", "rcu_scheduler_active = 2, debug_locks = 1"], lines[5..10]);
    }

    [Fact]
    public void FakeAddressesAreStableAndDistinct()
    {
        Assert.Equal(KernelAddresses.Instance(5), KernelAddresses.Instance(5));
        Assert.NotEqual(KernelAddresses.Instance(5), KernelAddresses.Instance(6));
        Assert.Matches("^ffff[0-9a-f]{12}$", KernelAddresses.Instance(5));
        var symbol = KernelAddresses.Symbol("kvm_mmu_notifier_invalidate_range_start", "virt/kvm/kvm_main.c:10");
        var match = Regex.Match(symbol, "^kvm_mmu_notifier_invalidate_range_start\\+0x([0-9a-f]+)/0x([0-9a-f]+)$");
        Assert.True(match.Success, symbol);
        Assert.True(Convert.ToInt32(match.Groups[1].Value, 16) < Convert.ToInt32(match.Groups[2].Value, 16));
        Assert.Equal("f+0x1/0x2", KernelAddresses.Symbol("f+0x1/0x2"));
    }

    private static string Normalise(string text)
    {
        // Frames print with fake offsets; compare the circular section by function name only.
        return Regex.Replace(text, @"\+0x[0-9a-f]+/0x[0-9a-f]+", "");
    }

    private static HeldLock Held(LockClass cls, string function = "f") =>
        new(cls.Id, cls.Key * 0x10, LockReadMode.Exclusive, 0, false, function, "", LockIrqContext.Task);

    private static void Pair(LockdepValidator validator, LockClass x, LockClass y) =>
        Assert.Null(validator.Acquire([Held(x)], Held(y), IrqState.TaskEnabled, Reaper, new FixedTrace(x.Name + "_then_" + y.Name)));

    private static KernelSplat Sample(string which)
    {
        var registry = new LockClassRegistry();
        var validator = new LockdepValidator(new LockdepGraph(registry));
        var a = registry.Intern(1, "a", LockClassKind.Mutex);
        var b = registry.Intern(2, "b", LockClassKind.Mutex);
        var spin = registry.Intern(3, "s", LockClassKind.Spin);
        var raw = registry.Intern(4, "r", LockClassKind.RawSpin);
        var ctx = IrqState.TaskEnabled;
        var irq = new IrqState(true, false, false, true, HardirqThreaded: true);
        switch (which)
        {
            case "recursive":
                return SrcuSelfDeadlock();
            case "circular":
                Pair(validator, a, b);
                return validator.Acquire([Held(b)], Held(a), ctx, Reaper, new FixedTrace("now"))!;
            case "wait":
                return validator.Acquire([Held(raw)], Held(spin), ctx, Reaper)!;
            case "inconsistent":
                Assert.Null(validator.Acquire([], Held(spin) with { IrqContext = LockIrqContext.Hardirq }, irq, Reaper));
                return validator.Acquire([], Held(spin), ctx, Reaper)!;
            case "safe-unsafe":
            {
                var s2 = registry.Intern(5, "s2", LockClassKind.Spin);
                Assert.Null(validator.Acquire([], Held(spin) with { IrqContext = LockIrqContext.Hardirq }, irq, Reaper));
                Assert.Null(validator.Acquire([], Held(s2), ctx, Reaper));
                var off = ctx with { HardirqsEnabled = false };
                return validator.Acquire([Held(spin)], Held(s2), off, Reaper)!;
            }
            case "inversion":
            {
                var s2 = registry.Intern(5, "s2", LockClassKind.Spin);
                var off = ctx with { HardirqsEnabled = false };
                Assert.Null(validator.Acquire([], Held(spin), off, Reaper));
                Assert.Null(validator.Acquire([Held(spin)], Held(s2), off, Reaper));
                Assert.Null(validator.Acquire([], Held(s2), ctx, Reaper));
                return validator.Acquire([], Held(spin) with { IrqContext = LockIrqContext.Hardirq }, irq, Reaper)!;
            }
            case "unlock":
                return validator.Release([], 0x10, a.Id, Reaper, "mutex_unlock")!;
            case "freed":
                return validator.Reinit([Held(a)], Held(a).Instance, Reaper)!;
            case "nest":
                return validator.Acquire([], Held(spin) with { NestLock = 0x99 }, ctx, Reaper)!;
            default:
                return new SuspiciousRcuUsageSplat(Reaper, "kernel/rcu/srcutree.c", 1411,
                    "Illegal synchronize_srcu() in same-type SRCU (or in RCU) read-side critical section", [], LockTrace.Empty);
        }
    }
}
