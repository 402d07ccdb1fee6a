using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The notifier core with both kinds of subscriber on one mm (models/linux/nouveau_svm_oom.c; nouveau SVM's shape):
/// upstream, a non-blockable start that the interval tree lets through and a classic notifier refuses leaves the tree
/// "invalidating" for good, and the GPU fault worker sleeps forever in mmu_interval_read_begin(); with the fix
/// (MN_ITREE_END_ON_HLIST_FAILURE) every size and config is exhaustively ok. docs/findings/itree-hlist-unwind.md.
/// </summary>
public sealed class IntervalTreeFindingTests
{
    private static readonly string Model = ModelPaths.Linux("nouveau_svm_oom.c");

    private static CheckResult Check(string[] defines, string[] configs, bool audit = false) =>
        ModelChecker.CheckFile(Model, new CheckOptions
        {
            Defines = defines,
            Configs = configs,
            IncludeDirectories = [ModelPaths.Linux("include")],
            MaxStates = 500_000,
            AuditFootprints = audit,
        });

    private static string[] List(string csv) => csv.Length == 0 ? [] : csv.Split(',');

    [Theory]
    [InlineData("")]
    [InlineData("PREEMPT_RT")]
    public void UpstreamLeavesTheFaultWorkerAsleepForeverInReadBegin(string configs)
    {
        var r = Check([], List(configs));
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("deadlock", bug.Kind);
        var text = TextReport.Render(r);
        Assert.Contains("INFO: task kworker/u8:1:1002 blocked for more than 120 seconds.", text);
        Assert.Matches(@"waiting for wait_event\(\) \(never woken\) at mmu_interval_read_begin \(\S*models/linux/mm/mmu_notifier\.c:\d+\)", text.Replace('\\', '/'));
        // The reaper's failed non-blockable start comes first: the classic notifier refused after the tree counted it in.
        Assert.Contains(bug.Trace, s => s.Thread == "oom_reaper" && s.Location?.Function == "mn_itree_inv_start_range");
    }

    [Fact]
    public void UpstreamBreaksTheQuiescenceInvariantWithoutAnyFault()
    {
        var r = Check(["GPU_FAULTS=0"], []);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal("warn-on", r.FirstBug!.Kind);
        Assert.Equal("main", r.FirstBug.Location!.Function);
    }

    [Theory]
    [InlineData("", "", 5531)]
    [InlineData("", "PREEMPT_RT", 5531)]
    [InlineData("OOM_REAP_ATTEMPTS=2", "", 23708)]
    [InlineData("GPU_FAULTS=2", "", 11610)]
    [InlineData("OOM_REAP_ATTEMPTS=2,GPU_FAULTS=2", "", 48514)]
    [InlineData("OOM_REAP_ATTEMPTS=2,GPU_FAULTS=2", "PREEMPT_RT", 48514)]
    public void TheFixIsExhaustivelyOk(string sizes, string configs, long states)
    {
        var r = Check([.. List(sizes), "MN_ITREE_END_ON_HLIST_FAILURE"], List(configs));
        Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
        Assert.Equal(states, r.Statistics.States);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MN_ITREE_END_ON_HLIST_FAILURE")]
    public void TheModelStaysWithinItsFootprints(string defines)
    {
        var r = Check(List(defines), [], audit: true);
        Assert.True(r.Verdict is Verdict.Ok or Verdict.Bug, TextReport.Render(r));
        Assert.True(r.AuditedPrimitives.ContainsKey("wait_event") || r.AuditedPrimitives.Keys.Any(k => k.StartsWith("wait", StringComparison.Ordinal)),
            string.Join(", ", r.AuditedPrimitives.Keys));
    }
}
