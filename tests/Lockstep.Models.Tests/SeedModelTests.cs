using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The seed's system (models/linux/kvm_oom.c): every variant of the thread × the config set (default, PREEMPT_RT,
/// PREEMPT_RT + RTLOCK_IN_NON_BLOCK, PROVE_RAW_LOCK_NESTING) on the quick actor group "oom" (the OOM killer, its timer
/// and the reaper against a VM whose guest memory is mapped by SPTEs and a pfn cache) — the README's table — and the
/// bugs of the other groups that the search meets within seconds. The groups are the model's own lockstep-group
/// lines. docs/seed.md explains each verdict and its trace, and gives the full matrix.
/// </summary>
public sealed class SeedModelTests
{
    private static readonly string Model = ModelPaths.Linux("kvm_oom.c");
    private static readonly string Include = ModelPaths.Linux("include");
    private static readonly IReadOnlyList<ActorGroup> Groups = ActorGroup.Read(Model);

    private static string[] Group(string name) => [.. Groups.Single(g => g.Name == name).Defines];

    private static CheckResult Check(string? variant, string[] actors, params string[] configs) =>
        ModelChecker.CheckFile(Model, new CheckOptions
        {
            Defines = variant is null or "BASE" ? actors : [.. actors, variant],
            Configs = configs,
            IncludeDirectories = [Include],
            MaxStates = 2_000_000,
        });

    private static string[] Configs(string config) => config switch
    {
        "default" => [],
        "PREEMPT_RT+RTLOCK_IN_NON_BLOCK" => ["PREEMPT_RT", "RTLOCK_IN_NON_BLOCK"],
        _ => [config],
    };

    private static BugReport AssertBug(CheckResult r, string kind, string function)
    {
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal(kind, r.FirstBug!.Kind);
        Assert.Equal(function, r.FirstBug.Location!.Function);
        return r.FirstBug;
    }

    /// <summary>The quick table: variant, config, and the verdict (ok, or the bug's kind and function).</summary>
    public static TheoryData<string, string, string> QuickTable()
    {
        var data = new TheoryData<string, string, string>();
        string[] all = ["default", "PREEMPT_RT", "PREEMPT_RT+RTLOCK_IN_NON_BLOCK", "PROVE_RAW_LOCK_NESTING"];
        void Row(string variant, string? rt, string other)
        {
            foreach (var c in all) data.Add(variant, c, c == "PREEMPT_RT" && rt is not null ? rt : other);
        }
        const string rtSplat = "sleep-in-atomic kvm_mmu_notifier_invalidate_range_start";
        const string gpcSplat = "sleep-in-atomic gfn_to_pfn_cache_invalidate_start";
        const string staleSpte = "invariant unmap_page_range no_stale_spte";
        Row("BASE", rtSplat, "ok");
        Row("RAW_MN_INVALIDATE_LOCK", gpcSplat, "ok");
        Row("ATOMIC_MN_COUNT", gpcSplat, "ok");
        Row("DEFER_NONBLOCK_INVALIDATE", null, staleSpte);
        Row("OOM_ENTER_SYNC_UNREGISTER", null, "recursive-locking mmu_notifier_unregister");
        Row("OOM_ENTER_DEFERRED_UNREGISTER", null, "invariant unmap_page_range no_stale_gpc");
        Row("OOM_ENTER_FLAG_EARLY_RETURN", null, staleSpte);
        Row("NONBLOCK_EAGAIN", null, "warn-on mn_hlist_invalidate_range_start");
        Row("AFTER_OOM_UNREGISTER", null, staleSpte);
        Row("OOM_REAP_MAY_WAIT", null, "ok");
        return data;
    }

    [Theory, MemberData(nameof(QuickTable))]
    public void QuickGroupVerdict(string variant, string config, string expected)
    {
        var r = Check(variant, Group("oom"), Configs(config));
        if (expected == "ok")
        {
            Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
            return;
        }
        var parts = expected.Split(' ');
        var bug = AssertBug(r, parts[0], parts[1]);
        if (parts.Length > 2) Assert.Contains(parts[2], bug.Title);
    }

    [Fact]
    public void TheQuickGroupStartsWithGuestMemoryMappedAndAPfnCacheActive()
    {
        // The reaper's invalidation has SPTEs to zap and a cache to invalidate: the invariants can fail in this group.
        var r = Check(null, Group("oom"));
        Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
        var lines = r.Coverage.Files.SelectMany(f => f.Lines).ToList();
        bool Reached(string function, string source) =>
            lines.Any(l => l.Function == function && l.Source.Contains(source, StringComparison.Ordinal) && l.Reached);
        Assert.True(Reached("kvm_unmap_gfn_range", "WRITE_ONCE(kvm->arch.spte[gfn], NULL)"));
        Assert.True(Reached("gfn_to_pfn_cache_invalidate_start", "gpc->valid = false"));
        Assert.True(Reached("kvm_make_all_cpus_request", "kvm_make_request(req, vcpu)"));
    }

    [Fact]
    public void UpstreamOnRtSleepsInTheReapersNonBlockingInvalidation()
    {
        var bug = AssertBug(Check(null, Group("oom"), "PREEMPT_RT"), "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start");
        Assert.Equal("oom_reaper", bug.Thread);
        Assert.Contains("non_block: 1", bug.Report);
        Assert.Contains("mn_invalidate_lock", bug.Trace[^1].Source);
        Assert.Contains("__oom_reap_task_mm", bug.Report);
        Assert.Contains("rt_spin_lock", bug.Report);
        Assert.Contains("(&mm->mmap_lock)", bug.Report);
    }

    [Fact]
    public void TheSeedsPatchRecursesOnSrcuUnderTheKernelsOomCallChain()
    {
        var bug = AssertBug(Check("OOM_ENTER_SYNC_UNREGISTER", Group("oom")), "recursive-locking", "mmu_notifier_unregister");
        Assert.Contains("WARNING: possible recursive locking detected", bug.Report);
        Assert.Contains("(srcu)", bug.Report);
        Assert.Contains("at: __synchronize_srcu+", bug.Report);
        Assert.Contains("at: __mmu_notifier_oom_enter+", bug.Report);
        Assert.Equal("oom_killer", bug.Thread);
        // __oom_kill_process ← oom_kill_process ← out_of_memory ← __alloc_pages_may_oom, as the kernel prints it
        var chain = new[] { "__oom_kill_process+", "oom_kill_process+", "out_of_memory+", "__alloc_pages_may_oom+" };
        var at = chain.Select(f => bug.Report.IndexOf("\n " + f, StringComparison.Ordinal)).ToArray();
        Assert.All(at, i => Assert.True(i > 0, bug.Report));
        Assert.Equal(at.Order(), at);
        Assert.Contains("(&p->alloc_lock)", bug.Report);
    }

    [Fact]
    public void AtomicCountBreaksTheInvalidateBalanceWithTheMemslotUpdater()
    {
        var r = Check("ATOMIC_MN_COUNT", Group("oom+memslot"));
        var bug = AssertBug(r, "invariant", "kvm_mmu_notifier_invalidate_range_end");
        Assert.Contains("invalidate_balance", bug.Title);
    }

    [Fact]
    public void ProcessMreleaseReachesTheSameRtSplatFromSyscallContext()
    {
        // A userspace OOM daemon alone: SIGKILL, then process_mrelease() → __oom_reap_task_mm(), no reaper thread.
        var actors = Group("oom+oomd").Select(d => d == "WITH_OOM=1" ? "WITH_OOM=0" : d).ToArray();
        var bug = AssertBug(Check(null, actors, "PREEMPT_RT"), "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start");
        Assert.Equal("oomd", bug.Thread);
        Assert.Contains("process_mrelease+", bug.Report);
        Assert.Contains("__oom_reap_task_mm+", bug.Report);
        Assert.Equal(Verdict.Ok, Check("OOM_REAP_MAY_WAIT", actors, "PREEMPT_RT").Verdict);
    }

    [Fact]
    public void FlagAndEarlyReturnLeavesAStaleSpteForTheVcpu()
    {
        var bug = AssertBug(Check("OOM_ENTER_FLAG_EARLY_RETURN", Group("oom")), "invariant", "unmap_page_range");
        Assert.Equal("oom_reaper", bug.Thread);
        Assert.Contains("no_stale_spte", bug.Title);
        Assert.Equal(bug.Trace[^1].Location, bug.Location);
    }

    [Fact]
    public void NonBlockingEagainWithAnEndCallbackTripsTheCoresWarning()
    {
        var bug = AssertBug(Check("NONBLOCK_EAGAIN", Group("oom")), "warn-on", "mn_hlist_invalidate_range_start");
        Assert.Contains("WARN_ON(ops->invalidate_range_end)", bug.Title);
    }

    [Fact]
    public void AfterOomUnregisterDetachesKvmAndTheReaperFreesPagesItsSptesMap()
    {
        var bug = AssertBug(Check("AFTER_OOM_UNREGISTER", Group("oom")), "invariant", "unmap_page_range");
        Assert.Contains("no_stale_spte", bug.Title);
        Assert.Equal("oom_reaper", bug.Thread);
        Assert.Contains(bug.Trace, s => s.Thread == "oom_reaper" && s.Location?.Function == "__mmu_notifier_oom_enter");
    }

    [Fact]
    public void DeferringTheNonBlockableInvalidationLetsTheReaperFreeAPageBeforeKvmZapsIt()
    {
        var bug = AssertBug(Check("DEFER_NONBLOCK_INVALIDATE", Group("oom")), "invariant", "unmap_page_range");
        Assert.Contains("no_stale_spte", bug.Title);
        Assert.Contains(bug.Trace, s => s.Operation == "__queue_work" && s.Thread == "oom_reaper");
    }
}
