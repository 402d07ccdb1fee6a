using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The notifier core with classic and interval-tree subscribers on one mm (models/linux/mmu_notifier_subscribers.c;
/// docs/findings/notifier-core.md): upstream's two findings, and the groups that finish in seconds with both fixes.
/// The full group matrix is scripts/notifier-groups.sh.
/// </summary>
public sealed class NotifierCoreTests
{
    private static readonly string Model = ModelPaths.Linux("mmu_notifier_subscribers.c");
    private static readonly string[] Fixed = ["MN_ITREE_END_ON_HLIST_FAILURE", "MN_ITREE_SEQ_AFTER_DEFERRED"];

    private static string[] List(string csv) => csv.Length == 0 ? [] : csv.Split(',');

    /// <summary>The check scripts/notifier-groups.sh runs for docs/findings/notifier-core.md: without step merging
    /// (--no-merge-steps), the search the table's state counts were measured with.</summary>
    private static CheckResult Check(string[] defines, string[] configs, bool audit = false, bool merge = false) =>
        ModelChecker.CheckFile(Model, new CheckOptions
        {
            Defines = defines,
            Configs = configs,
            IncludeDirectories = [ModelPaths.Linux("include")],
            MaxStates = 2_000_000,
            AuditFootprints = audit,
            StepMerging = merge,
        });

    [Theory]
    [InlineData("")]
    [InlineData("PREEMPT_RT")]
    public void UpstreamLeavesTheFaultWorkerAsleepForeverInReadBegin(string configs)
    {
        var r = Check(["CHECK_QUIESCENCE=0"], List(configs));
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("deadlock", bug.Kind);
        var text = TextReport.Render(r).Replace('\\', '/');
        Assert.Contains("INFO: task kworker/u8:1:1001 blocked for more than 120 seconds.", text);
        Assert.Matches(@"waiting for wait_event\(\) \(never woken\) at mmu_interval_read_begin \(\S*models/linux/mm/mmu_notifier\.c:\d+\)", text);
        // Before it: the reaper's start that the tree counted in and nouveau's classic notifier refused.
        Assert.Contains(bug.Trace, s => s.Thread == "oom_reaper" && s.Location?.Function == "mn_itree_inv_start_range");
        Assert.Contains(bug.Trace, s => s.Thread == "oom_reaper" && s.Location?.Function == "mn_hlist_invalidate_range_start");
    }

    [Fact]
    public void UpstreamBreaksTheQuiescenceCountWithoutAnyFault()
    {
        var r = Check(["GPU_FAULTS=0"], []);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal("warn-on", r.FirstBug!.Kind);
        Assert.Equal("main", r.FirstBug.Location!.Function);
    }

    [Theory]
    [InlineData("WITH_NOUVEAU=0,WITH_AMDGPU=1,WITH_OOM_REAPER=0,WITH_MADVISE=1", "")]
    [InlineData("WITH_NOUVEAU=0,WITH_AMDGPU=1,WITH_OOM_REAPER=0,WITH_MADVISE=1", "MN_ITREE_END_ON_HLIST_FAILURE")]
    [InlineData("", "MN_ITREE_END_ON_HLIST_FAILURE")]
    [InlineData("WITH_NOUVEAU=0,WITH_AMDGPU=1", "")]
    public void RemoveCanReturnWhileTheDeferredWalkStillLinksTheSubscription(string group, string variant)
    {
        var r = Check([.. List(group), .. List(variant)], []);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal("use-after-free", r.FirstBug!.Kind);
        Assert.Equal("mn_itree_inv_end", r.FirstBug.Location!.Function);
    }

    [Theory]
    // Before issue 10's sharper independence (thread creation and exits independent of unrelated steps, futures per
    // program point): 8,657 / 30,121 / 158,079 states, same verdicts (docs/benchmarks.md).
    [InlineData("", "", 8393)]
    [InlineData("", "PREEMPT_RT", 8393)]
    [InlineData("WITH_NOUVEAU=0,WITH_AMDGPU=1", "", 28317)]
    [InlineData("WITH_NOUVEAU=0,WITH_AMDGPU=1,WITH_EXIT=1", "", 151119)]
    [InlineData("WITH_NOUVEAU=0,WITH_AMDGPU=1,WITH_OOM_REAPER=0,WITH_MADVISE=1", "", 8532)]
    public void WithBothFixesTheQuickGroupsAreExhaustivelyOk(string group, string configs, long states)
    {
        var r = Check([.. List(group), .. Fixed], List(configs));
        Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
        Assert.Equal(states, r.Statistics.States);
        // The default search merges steps: the same verdict, from no more states.
        var merged = Check([.. List(group), .. Fixed], List(configs), merge: true);
        Assert.True(merged.Verdict == Verdict.Ok, TextReport.Render(merged));
        Assert.InRange(merged.Statistics.States, 1, states);
    }

    // Each finding's own model (models/linux/findings/): the bug upstream, gone with its fix. Fixing the hlist unwind
    // alone uncovers the deferred-remove use-after-free in the same scenario (nouveau removes its per-fault notifier).
    [Theory]
    [InlineData("itree_hlist_unwind.c", "", "deadlock", "main")]
    [InlineData("itree_hlist_unwind.c", "MN_ITREE_END_ON_HLIST_FAILURE", "use-after-free", "mn_itree_inv_end")]
    [InlineData("itree_hlist_unwind.c", "MN_ITREE_FIXED", "ok", null)]
    [InlineData("itree_deferred_remove.c", "", "use-after-free", "mn_itree_inv_end")]
    [InlineData("itree_deferred_remove.c", "MN_ITREE_SEQ_AFTER_DEFERRED", "ok", null)]
    public void EachFindingsModelFailsUpstreamAndPassesWithItsFix(string file, string variant, string outcome, string? function)
    {
        var r = ModelChecker.CheckFile(ModelPaths.Linux(Path.Combine("findings", file)), new CheckOptions
        {
            Defines = List(variant),
            IncludeDirectories = [ModelPaths.Linux("include")],
            MaxStates = 2_000_000,
        });
        if (outcome == "ok")
        {
            Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
            return;
        }
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal(outcome, r.FirstBug!.Kind);
        Assert.Equal(function, r.FirstBug.Location!.Function);
    }

    // KVM's classic subscriber (virt/kvm/kvm_main.c, as in kvm_oom.c) beside the others. Upstream KVM never refuses a
    // start, so the reaper alone is ok by default; on PREEMPT_RT its spinlock_t mn_invalidate_lock sleeps inside the
    // reaper's non-blockable section (the seed's bug; a raw mn_invalidate_lock moves it to gpc_lock); the seed's fix,
    // OOM_REAP_MAY_WAIT, is ok there too.
    [Theory]
    [InlineData("WITH_KVM=1,WITH_NOUVEAU=0", "", "", "ok", null, 335407)]
    [InlineData("WITH_KVM=1,WITH_NOUVEAU=0", "", "PREEMPT_RT", "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start", 0)]
    [InlineData("WITH_KVM=1,WITH_NOUVEAU=0", "MN_ITREE_FIXED,OOM_REAP_MAY_WAIT", "PREEMPT_RT", "ok", null, 394239)]
    [InlineData("WITH_KVM=1,WITH_NOUVEAU=0", "RAW_MN_INVALIDATE_LOCK", "PREEMPT_RT", "sleep-in-atomic", "gfn_to_pfn_cache_invalidate_start", 0)]
    [InlineData("WITH_KVM=1,WITH_NOUVEAU=1", "", "", "warn-on", "main", 0)]
    [InlineData("WITH_KVM=1,WITH_NOUVEAU=0,WITH_AMDGPU=1", "", "", "use-after-free", "mn_itree_inv_end", 0)]
    public void KvmsClassicSubscriberBesideTheInterval(string group, string variant, string configs, string outcome, string? function, long states)
    {
        var r = Check([.. List(group), .. List(variant)], List(configs));
        if (outcome == "ok")
        {
            Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
            Assert.Equal(states, r.Statistics.States);
            Assert.Contains(r.Coverage.Checks, c => c.Check == "invariant 'no_stale_spte'" && c.Reached);
            return;
        }
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal(outcome, r.FirstBug!.Kind);
        Assert.Equal(function, r.FirstBug.Location!.Function);
    }

    // The upstream column of docs/findings/notifier-core.md for every declared group whose first bug comes within
    // 200,000 states, on both configs (scripts/notifier-groups.sh runs the rest and the fixed column).
    [Theory]
    [InlineData("nouveau+reaper", "", "warn-on", "main")]
    [InlineData("nouveau+reaper+madvise", "PREEMPT_RT", "warn-on", "main")]
    [InlineData("nouveau+reaper+exit", "", "warn-on", "main")]
    [InlineData("nouveau+reaper+mrelease", "PREEMPT_RT", "warn-on", "main")]
    [InlineData("nouveau+amdgpu+reaper", "", "warn-on", "main")]
    [InlineData("amdgpu+reaper", "PREEMPT_RT", "use-after-free", "mn_itree_inv_end")]
    [InlineData("amdgpu+reaper+madvise", "", "use-after-free", "mn_itree_inv_end")]
    [InlineData("amdgpu+reaper+exit", "PREEMPT_RT", "use-after-free", "mn_itree_inv_end")]
    [InlineData("amdgpu+madvise", "", "use-after-free", "mn_itree_inv_end")]
    [InlineData("kvm+nouveau+reaper", "PREEMPT_RT", "warn-on", "main")]
    [InlineData("kvm+amdgpu+reaper", "", "use-after-free", "mn_itree_inv_end")]
    [InlineData("kvm+amdgpu+reaper", "PREEMPT_RT", "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start")]
    [InlineData("kvm+reaper+exit", "PREEMPT_RT", "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start")]
    [InlineData("kvm+reaper+mrelease", "PREEMPT_RT", "sleep-in-atomic", "kvm_mmu_notifier_invalidate_range_start")]
    public void UpstreamFailsInTheDeclaredGroup(string group, string configs, string kind, string function)
    {
        var declared = ActorGroup.Read(Model).Single(g => g.Name == group);
        var r = Check([.. declared.Defines], List(configs));
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal(kind, r.FirstBug!.Kind);
        Assert.Equal(function, r.FirstBug.Location!.Function);
    }

    [Theory]
    [InlineData("")]
    [InlineData("WITH_AMDGPU=1,WITH_MADVISE=1,MN_ITREE_END_ON_HLIST_FAILURE,MN_ITREE_SEQ_AFTER_DEFERRED")]
    [InlineData("WITH_KVM=1,WITH_AMDGPU=1")]
    public void TheModelStaysWithinItsFootprints(string defines)
    {
        var r = ModelChecker.CheckFile(Model, new CheckOptions
        {
            Defines = List(defines),
            IncludeDirectories = [ModelPaths.Linux("include")],
            MaxStates = 50_000,
            AuditFootprints = true,
        });
        Assert.True(r.Verdict is Verdict.Ok or Verdict.Bug or Verdict.Incomplete, TextReport.Render(r));
        Assert.True(r.AuditedPrimitives.ContainsKey("spin_lock"), string.Join(", ", r.AuditedPrimitives.Keys));
    }
}
