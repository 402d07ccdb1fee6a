using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The sleep/wake regressions of issue 15 (models/regressions): each model under every search the checker has —
/// depth-first with partial-order reduction (the default), breadth-first, depth-first without reduction, and two
/// workers — with the footprint audit on, so a reduction that hides the bug, or a primitive whose footprint leaves
/// out what it touches, fails here.
/// </summary>
public sealed class SleepWakeRegressionTests
{
    public static TheoryData<string> Searches => ["dfs", "bfs", "no-por", "workers"];

    private static string File(string name) => Path.Combine(ModelPaths.Root, "models", "regressions", name);

    private static CheckResult Check(string name, string search, params string[] defines) =>
        ModelChecker.CheckFile(File(name), new CheckOptions
        {
            Defines = defines,
            Strategy = search == "bfs" ? SearchStrategy.Bfs : SearchStrategy.Dfs,
            PartialOrderReduction = search != "no-por",
            Workers = search == "workers" ? 2 : 1,
            AuditFootprints = true,
            MaxStates = 100_000,
        });

    private static void AssertHang(CheckResult result, string waiterWaits)
    {
        Assert.True(result.Verdict == Verdict.Bug, TextReport.Render(result));
        var bug = result.FirstBug!;
        Assert.Equal("deadlock", bug.Kind);
        Assert.Contains("main on wait_for_completion()", bug.Title);
        Assert.Contains($"waiter on {waiterWaits}", bug.Title);
        Assert.NotEmpty(result.AuditedPrimitives);
    }

    [Theory, MemberData(nameof(Searches))]
    public void LostWakeupIsAHungTask(string search)
    {
        var result = Check("lost_wakeup.c", search);
        AssertHang(result, "schedule() in TASK_UNINTERRUPTIBLE, never woken");
        // The window: the waiter tested the condition, the waker set it and woke a running task, then the waiter slept.
        var trace = result.FirstBug!.Trace;
        var wake = trace.ToList().FindIndex(s => s.Operation == "wake_up_process");
        var sleep = trace.ToList().FindLastIndex(s => s.Operation == "set_current_state");
        Assert.True(wake >= 0 && sleep > wake, TextReport.Render(result));
        Assert.True(result.AuditedPrimitives["set_current_state"] > 0);
    }

    [Theory, MemberData(nameof(Searches))]
    public void LostWakeupWithAStoreInTheWindowIsAHungTask(string search) =>
        AssertHang(Check("lost_wakeup.c", search, "STORE_IN_WINDOW"), "schedule() in TASK_UNINTERRUPTIBLE, never woken");

    [Theory, MemberData(nameof(Searches))]
    public void CanonicalSleepLoopIsOk(string search)
    {
        var result = Check("sleep_loop_ok.c", search);
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
        Assert.True(result.AuditedPrimitives["schedule"] > 0);
    }

    [Theory, MemberData(nameof(Searches))]
    public void WaitEventWithoutWakeUpIsAHungTask(string search) =>
        AssertHang(Check("wait_event_no_wake.c", search), "wait_event() (never woken)");

    [Theory, MemberData(nameof(Searches))]
    public void WaitEventWithWakeUpIsOk(string search)
    {
        var result = Check("wait_event_no_wake.c", search, "WAKE");
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
    }

    [Theory, MemberData(nameof(Searches))]
    public void InterruptInTheIrqEnableWindowIsFound(string search)
    {
        var file = File("irq_window.c");
        var result = Check("irq_window.c", search);
        Assert.True(result.Verdict == Verdict.Bug, TextReport.Render(result));
        var bug = result.FirstBug!;
        Assert.Equal("warn-on", bug.Kind);
        Assert.Equal("updater", bug.Thread);
        Assert.Equal("dev_interrupt", bug.Location!.Function);
        Assert.Equal(ModelPaths.LineOf(file, "WARN_ON(READ_ONCE(a) != READ_ONCE(b));"), bug.Location.Line);
        // The handler arrived where the updater parked before local_irq_disable(), inside the window.
        var steps = bug.Trace.ToList();
        var arrival = steps.FindIndex(s => s.Operation == "<interrupt>");
        Assert.True(arrival > 0, TextReport.Render(result));
        Assert.Equal("local_irq_enable", steps.Take(arrival).Last(s => s.Thread == "updater").Operation);
    }

    [Theory, MemberData(nameof(Searches))]
    public void InterruptsOffAcrossTheUpdateIsOk(string search)
    {
        var result = Check("irq_window.c", search, "NO_WINDOW");
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
    }
}
