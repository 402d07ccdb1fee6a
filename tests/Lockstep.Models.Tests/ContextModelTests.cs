using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>Execution contexts and configs end to end (models/examples/contexts): the kernel's own reports.</summary>
public sealed class ContextModelTests
{
    private static string File(string name) => Path.Combine(ModelPaths.Root, "models", "examples", "contexts", name);

    private static CheckResult Check(string name, string[]? configs = null, string[]? defines = null) =>
        ModelChecker.CheckFile(File(name), new CheckOptions { Configs = configs ?? [], Defines = defines ?? [], MaxStates = 100_000 });

    private static BugReport AssertBug(CheckResult result, string kind, string thread, string file, string lineText)
    {
        Assert.True(result.Verdict == Verdict.Bug, TextReport.Render(result));
        var bug = result.FirstBug!;
        Assert.Equal(kind, bug.Kind);
        Assert.Equal(thread, bug.Thread);
        Assert.Equal(ModelPaths.LineOf(file, lineText), bug.Location!.Line);
        return bug;
    }

    [Fact]
    public void MutexUnderSpinlockSleepsInAtomicContext()
    {
        var bug = AssertBug(Check("mutex_under_spinlock.c"), "sleep-in-atomic", "updater", File("mutex_under_spinlock.c"), "mutex_lock(&config_mutex);");
        Assert.StartsWith("BUG: sleeping function called from invalid context at ", bug.Report);
        Assert.Contains("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1001, name: updater", bug.Report);
        Assert.Contains("preempt_count: 1, expected: 0", bug.Report);
        Assert.Contains("RCU nest depth: 0, expected: 0", bug.Report);
        Assert.Contains("(state_lock)", bug.Report);
    }

    [Fact]
    public void MutexUnderRtSpinlockIsInsideTheLocksRcuSection()
    {
        var bug = AssertBug(Check("mutex_under_spinlock.c", ["PREEMPT_RT"]), "sleep-in-atomic", "updater", File("mutex_under_spinlock.c"), "mutex_lock(&config_mutex);");
        Assert.Contains("in_atomic(): 0", bug.Report);
        Assert.Contains("RCU nest depth: 1, expected: 0", bug.Report);
    }

    [Fact]
    public void SpinlockUnderPreemptDisableIsFineWithoutRt()
    {
        Assert.Equal(Verdict.Ok, Check("spinlock_under_preempt_disable.c").Verdict);
    }

    [Fact]
    public void SpinlockUnderPreemptDisableSleepsOnRt()
    {
        var bug = AssertBug(Check("spinlock_under_preempt_disable.c", ["PREEMPT_RT"]), "sleep-in-atomic", "counter",
            File("spinlock_under_preempt_disable.c"), "spin_lock(&stats_lock);");
        Assert.Contains("in_atomic(): 1", bug.Report);
        Assert.Contains("rt_spin_lock", bug.Report);
    }

    [Fact]
    public void SpinInsideRawSpinIsAnInvalidWaitContextWithRawLockNesting()
    {
        var bug = AssertBug(Check("spin_inside_raw_spin.c", ["PROVE_RAW_LOCK_NESTING"]), "invalid-wait-context", "poller",
            File("spin_inside_raw_spin.c"), "spin_lock(&list_lock);");
        Assert.Contains("[ BUG: Invalid wait context ]", bug.Report);
        Assert.Contains("(list_lock)", bug.Report);
        Assert.Contains("(hw_lock)", bug.Report);
    }

    [Fact]
    public void SpinInsideRawSpinIsNotCheckedWithoutRawLockNesting()
    {
        Assert.Equal(Verdict.Ok, Check("spin_inside_raw_spin.c").Verdict);
    }

    [Fact]
    public void NonBlockSpinlockIsFineWithoutRt()
    {
        Assert.Equal(Verdict.Ok, Check("nonblock_spinlock.c").Verdict);
    }

    [Fact]
    public void NonBlockSpinlockOnRtReportsNonBlock()
    {
        var bug = AssertBug(Check("nonblock_spinlock.c", ["PREEMPT_RT"]), "sleep-in-atomic", "oom_reaper",
            File("nonblock_spinlock.c"), "spin_lock(&mn_invalidate_lock);");
        Assert.Contains("non_block: 1", bug.Report);
    }

    [Fact]
    public void RtlockInNonBlockLetsRtSpinlocksPass()
    {
        Assert.Equal(Verdict.Ok, Check("nonblock_spinlock.c", ["PREEMPT_RT", "RTLOCK_IN_NON_BLOCK"]).Verdict);
    }

    [Fact]
    public void RtlockInNonBlockStillReportsAMutex()
    {
        AssertBug(Check("nonblock_spinlock.c", ["PREEMPT_RT", "RTLOCK_IN_NON_BLOCK"], ["TAKE_MUTEX"]), "sleep-in-atomic", "oom_reaper",
            File("nonblock_spinlock.c"), "mutex_lock(&slots_lock);");
    }
}
