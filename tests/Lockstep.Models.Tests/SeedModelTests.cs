using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The seed's system (models/linux/kvm_oom.c): every variant of the thread under the default config, PREEMPT_RT and
/// PREEMPT_RT with the RTLOCK_IN_NON_BLOCK scheduler change. "OOM actors" is the killer, its timer and the reaper
/// against a registered VM (exhaustive in well under a second); the vCPU is added where the verdict depends on it.
/// docs/seed.md explains each verdict and its trace.
/// </summary>
public sealed class SeedModelTests
{
    private static readonly string Model = ModelPaths.Linux("kvm_oom.c");
    private static readonly string Include = ModelPaths.Linux("include");
    private static readonly string[] OomActors = ["WITH_VCPU=0", "WITH_EXIT=0"];

    private static CheckResult Check(string? variant, string[] actors, params string[] configs) =>
        ModelChecker.CheckFile(Model, new CheckOptions
        {
            Defines = variant is null ? actors : [.. actors, variant],
            Configs = configs,
            IncludeDirectories = [Include],
            MaxStates = 2_000_000,
        });

    private static void AssertOk(CheckResult r) => Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));

    private static BugReport AssertBug(CheckResult r, string kind, string function)
    {
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal(kind, r.FirstBug!.Kind);
        Assert.Equal(function, r.FirstBug.Location!.Function);
        return r.FirstBug;
    }

    [Fact]
    public void UpstreamIsVerifiedWithoutRt() => AssertOk(Check(null, OomActors));

    [Fact]
    public void UpstreamOnRtSleepsInTheReapersNonBlockingInvalidation()
    {
        var bug = AssertBug(Check(null, OomActors, "PREEMPT_RT"), "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start");
        Assert.Equal("oom_reaper", bug.Thread);
        Assert.Contains("non_block: 1", bug.Report);
        Assert.Contains("mn_invalidate_lock", bug.Trace[^1].Source);
        Assert.Contains("__oom_reap_task_mm", bug.Report);
        Assert.Contains("rt_spin_lock", bug.Report);
    }

    [Fact]
    public void UpstreamOnRtWithTheSchedulerChangeIsVerified() => AssertOk(Check(null, OomActors, "PREEMPT_RT", "RTLOCK_IN_NON_BLOCK"));

    [Fact]
    public void RawMnInvalidateLockMovesTheRtSplatToTheNextSleepingLock()
    {
        AssertOk(Check("RAW_MN_INVALIDATE_LOCK", OomActors));
        var bug = AssertBug(Check("RAW_MN_INVALIDATE_LOCK", OomActors, "PREEMPT_RT"), "sleep-in-atomic", "gfn_to_pfn_cache_invalidate_start");
        Assert.Contains("non_block: 1", bug.Report);
    }

    [Fact]
    public void AtomicCountBreaksTheInvalidateBalance()
    {
        var r = Check("ATOMIC_MN_COUNT", OomActors);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("invariant", bug.Kind);
        Assert.Contains("invalidate_balance", bug.Title);
    }

    [Fact]
    public void DeferringNonBlockableInvalidationsIsVerifiedWithTheOomActors()
    {
        AssertOk(Check("DEFER_NONBLOCK_INVALIDATE", OomActors));
        AssertOk(Check("DEFER_NONBLOCK_INVALIDATE", OomActors, "PREEMPT_RT"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("PREEMPT_RT")]
    public void TheSeedsPatchIsRecursiveLockingOnSrcu(string config)
    {
        var configs = config.Length == 0 ? Array.Empty<string>() : [config];
        var bug = AssertBug(Check("OOM_ENTER_SYNC_UNREGISTER", OomActors, configs), "recursive-locking", "mmu_notifier_unregister");
        Assert.Contains("WARNING: possible recursive locking detected", bug.Report);
        Assert.Contains("(srcu)", bug.Report);
        Assert.Contains("at: __synchronize_srcu+", bug.Report);
        Assert.Contains("at: __mmu_notifier_oom_enter+", bug.Report);
        Assert.Equal("oom_killer", bug.Thread);
    }

    [Fact]
    public void DeferredUnregisterBringsBackTheRtSplat()
    {
        AssertOk(Check("OOM_ENTER_DEFERRED_UNREGISTER", OomActors));
        var bug = AssertBug(Check("OOM_ENTER_DEFERRED_UNREGISTER", OomActors, "PREEMPT_RT"), "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start");
        Assert.Contains("non_block: 1", bug.Report);
    }

    [Fact]
    public void FlagAndEarlyReturnLeavesAStaleSpte()
    {
        AssertOk(Check("OOM_ENTER_FLAG_EARLY_RETURN", OomActors));
        var r = Check("OOM_ENTER_FLAG_EARLY_RETURN", []);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("invariant", bug.Kind);
        Assert.Equal("oom_reaper", bug.Thread);
        Assert.NotEqual("__lockstep_invariant_no_stale_spte", bug.Location!.Function);
        Assert.Equal(bug.Trace[^1].Location, bug.Location);
        Assert.Contains("no_stale_spte", bug.Title);
        Assert.Contains(bug.Trace, s => s.Thread == "oom_reaper");
        Assert.Contains(bug.Trace, s => s.Thread.StartsWith("vcpu", StringComparison.Ordinal));
    }

    [Fact]
    public void NonBlockingEagainWithAnEndCallbackTripsTheCoresWarning()
    {
        var bug = AssertBug(Check("NONBLOCK_EAGAIN", OomActors), "warn-on", "mn_hlist_invalidate_range_start");
        Assert.Contains("WARN_ON(ops->invalidate_range_end)", bug.Title);
    }

    [Fact]
    public void AfterOomUnregisterIsVerifiedWithTheOomActorsWithoutRt() => AssertOk(Check("AFTER_OOM_UNREGISTER", OomActors));

    [Fact]
    public void OnRtAFailedAtomicAllocationLeavesKvmRegisteredAndTheSplatComesBack()
    {
        // v2 detaches a subscriber only if its GFP_ATOMIC container can be allocated — under OOM, exactly when it may
        // fail. Then the reaper's non-blocking invalidation reaches KVM's spin_lock(&kvm->mn_invalidate_lock) again.
        var bug = AssertBug(Check("AFTER_OOM_UNREGISTER", OomActors, "PREEMPT_RT"), "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start");
        Assert.Equal("oom_reaper", bug.Thread);
        Assert.Contains(bug.Trace, s => s.Operation == "kzalloc failed (GFP_ATOMIC)");
        // With the scheduler change the non-blocking section may take the sleeping lock: ok again.
        AssertOk(Check("AFTER_OOM_UNREGISTER", OomActors, "PREEMPT_RT", "RTLOCK_IN_NON_BLOCK"));
    }

    [Fact]
    public void AfterOomUnregisterLeavesKvmsSptesWhileTheReaperFreesPages()
    {
        var r = Check("AFTER_OOM_UNREGISTER", []);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("invariant", bug.Kind);
        Assert.Contains("no_stale_spte", bug.Title);
        Assert.Contains(bug.Trace, s => s.Thread == "oom_reaper");
    }

    [Fact]
    public void OnRtTheAtomicCountStillMeetsTheNextSleepingLockFirst()
    {
        var bug = AssertBug(Check("ATOMIC_MN_COUNT", OomActors, "PREEMPT_RT"), "sleep-in-atomic", "gfn_to_pfn_cache_invalidate_start");
        Assert.Contains("non_block: 1", bug.Report);
    }

    [Fact]
    public void OnRtTheFlagStillLeavesAStaleSpte()
    {
        var r = Check("OOM_ENTER_FLAG_EARLY_RETURN", [], "PREEMPT_RT");
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal("invariant", r.FirstBug!.Kind);
        Assert.Contains("no_stale_spte", r.FirstBug.Title);
    }

    [Fact]
    public void OnRtNonBlockingEagainStillTripsTheWarning() =>
        AssertBug(Check("NONBLOCK_EAGAIN", OomActors, "PREEMPT_RT"), "warn-on", "mn_hlist_invalidate_range_start");

    [Fact]
    public void DeferringTheNonBlockableInvalidationLetsTheReaperFreeAPageBeforeKvmZapsIt()
    {
        // The vCPU maps the page, the reaper frees it: the exit path plays no part (with it, the depth-first search
        // meets the bug beyond the test's state bound).
        var r = Check("DEFER_NONBLOCK_INVALIDATE", ["WITH_EXIT=0"]);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("invariant", bug.Kind);
        Assert.Contains("no_stale_spte", bug.Title);
        Assert.Equal("oom_reaper", bug.Thread);
        Assert.Contains(bug.Trace, s => s.Operation == "__queue_work" && s.Thread == "oom_reaper");
    }
}
