using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>The example models end to end: verdict, bug kind, and the thread and line of the failing step.</summary>
public sealed class ExampleModelTests
{
    private static CheckResult Check(string name, params string[] configs) =>
        ModelChecker.CheckFile(ModelPaths.Example(name), new CheckOptions { Configs = configs, MaxStates = 1_000_000 });

    private static void AssertBug(CheckResult result, string kind, string thread, string file, string lineText, string? after = null)
    {
        Assert.True(result.Verdict == Verdict.Bug, TextReport.Render(result));
        var bug = result.FirstBug!;
        Assert.Equal(kind, bug.Kind);
        Assert.Equal(thread, bug.Thread);
        Assert.NotNull(bug.Location);
        Assert.Equal(Path.GetFileName(file), Path.GetFileName(bug.Location!.File));
        Assert.Equal(ModelPaths.LineOf(file, lineText, after), bug.Location.Line);
    }

    [Fact]
    public void SrcuSelfDeadlockThroughAnOpsCallbackIsReportedAsRecursiveLocking()
    {
        var file = ModelPaths.Example("srcu_ops_self_deadlock.c");
        var result = Check("srcu_ops_self_deadlock.c");
        AssertBug(result, "recursive-locking", "walker", file, "synchronize_srcu(&srcu);");
        Assert.Contains("WARNING: possible recursive locking detected", result.FirstBug!.Report);
        Assert.Contains("(srcu)", result.FirstBug.Report);
        Assert.Contains("at: __synchronize_srcu", result.FirstBug.Report);
        Assert.Contains("at: core_enter", result.FirstBug.Report);
    }

    [Fact]
    public void SrcuSelfDeadlockWithoutLockdepIsARealDeadlock()
    {
        var file = ModelPaths.Example("srcu_ops_self_deadlock.c");
        var result = Check("srcu_ops_self_deadlock.c", "NO_LOCKDEP");
        AssertBug(result, "deadlock", "walker", file, "synchronize_srcu(&srcu);");
        Assert.Contains("grace period waits for reader(s) walker", result.FirstBug!.Title + result.FirstBug.Report);
    }

    [Fact]
    public void KrefLookupUnderRcuWithTheOwnersPutAfterTheGracePeriodIsVerified()
    {
        var result = Check("kref_rcu_lookup.c");
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
    }

    /// <summary>Issue 12: an early put frees the object while a reader can still find it; KASAN shows the access
    /// and, under "Freed by task", the stack of the put that freed it.</summary>
    [Fact]
    public void KrefLookupWithAnEarlyPutIsAUseAfterFreeWithBothStacks()
    {
        var file = ModelPaths.Example("kref_rcu_lookup.c");
        var result = ModelChecker.CheckFile(file, new CheckOptions { Defines = ["EARLY_PUT"], MaxStates = 1_000_000 });
        Assert.True(result.Verdict == Verdict.Bug, TextReport.Render(result));
        var bug = result.FirstBug!;
        Assert.Equal("use-after-free", bug.Kind);
        Assert.Equal("lookup", bug.Thread);
        Assert.Contains("BUG: KASAN: slab-use-after-free in kref_get_unless_zero", bug.Report);
        Assert.Matches(@"Call Trace:\n <TASK>\n kref_get_unless_zero \([^)]*kref\.h:\d+\)\n lookup \([^)]*kref_rcu_lookup\.c:" +
            ModelPaths.LineOf(file, "if (o && !kref_get_unless_zero(&o->ref))") + @"\)", bug.Report);
        Assert.Matches(@"Freed by task 1000:\n obj_release \([^)]*kref_rcu_lookup\.c:" + ModelPaths.LineOf(file, "kfree(o);") +
            @"\)\n kref_put \([^)]*kref\.h:\d+\)\n main \([^)]*kref_rcu_lookup\.c:" + ModelPaths.LineOf(file, "kref_put(&o->ref, obj_release);", "#ifdef EARLY_PUT") + @"\)", bug.Report);
    }

    [Fact]
    public void LockedCounterIsVerified()
    {
        var result = Check("counter_locked.c");
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
        Assert.True(result.Statistics.States > 10);
    }

    [Fact]
    public void RacyCounterFailsItsFinalAssertion()
    {
        var file = ModelPaths.Example("counter_racy.c");
        AssertBug(Check("counter_racy.c"), "assertion", "main", file, "assert(counter == 2);");
    }

    [Fact]
    public void AbbaMutexesAreACircularDependency()
    {
        var file = ModelPaths.Example("abba_mutex.c");
        var result = Check("abba_mutex.c");
        AssertBug(result, "circular-locking", "ba", file, "mutex_lock(&lock_a);", after: "static int ba");
        Assert.Contains("WARNING: possible circular locking dependency detected", result.FirstBug!.Report);
        Assert.Contains("the existing dependency chain (in reverse order) is:", result.FirstBug.Report);
        // The dependency the inversion closes, and the interleaving that recorded it on its own path.
        Assert.Contains("The dependency (lock_a) -> (lock_b) that this inversion closes was recorded by ab (", result.FirstBug.Report);
        Assert.Contains("mutex_lock(&lock_b);", result.FirstBug.Report[result.FirstBug.Report.IndexOf("The dependency", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void AbbaMutexesWithoutLockdepDeadlock()
    {
        var file = ModelPaths.Example("abba_mutex.c");
        var result = Check("abba_mutex.c", "NO_LOCKDEP");
        Assert.True(result.Verdict == Verdict.Bug, TextReport.Render(result));
        Assert.Equal("deadlock", result.FirstBug!.Kind);
        Assert.Contains(result.FirstBug.Location!.Line, new[] { ModelPaths.LineOf(file, "mutex_lock(&lock_b);"), ModelPaths.LineOf(file, "mutex_lock(&lock_a);", after: "static int ba") });
    }

    [Fact]
    public void PublishThenFreeIsUseAfterFree()
    {
        var file = ModelPaths.Example("publish_free_uaf.c");
        var result = Check("publish_free_uaf.c");
        AssertBug(result, "use-after-free", "reader", file, "assert(c->value == 42);");
        Assert.Contains("BUG: KASAN: slab-use-after-free in reader", result.FirstBug!.Report);
    }

    [Fact]
    public void RcuProtectedPublishThenFreeIsVerified()
    {
        var result = Check("publish_free_rcu.c");
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
    }

    [Fact]
    public void TraceEndsWithTheFailingThreadsStep()
    {
        var result = Check("publish_free_uaf.c");
        var last = result.FirstBug!.Trace[^1];
        Assert.Equal("reader", last.Thread);
        Assert.Equal(result.FirstBug.Location!.Line, last.Location!.Line);
    }

    [Fact]
    public void MaxStatesBoundGivesIncomplete()
    {
        var result = ModelChecker.CheckFile(ModelPaths.Example("counter_locked.c"), new CheckOptions { MaxStates = 5 });
        Assert.Equal(Verdict.Incomplete, result.Verdict);
        Assert.Contains("--max-states", result.IncompleteReason);
    }
}
