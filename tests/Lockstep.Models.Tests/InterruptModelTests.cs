using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>Hard interrupts end to end (models/examples/irq).</summary>
public sealed class InterruptModelTests
{
    private static string File(string name) => Path.Combine(ModelPaths.Root, "models", "examples", "irq", name);

    [Fact]
    public void LockTakenInIrqAndWithIrqsEnabledIsInconsistentLockState()
    {
        var file = File("irq_unsafe_lock.c");
        var result = ModelChecker.CheckFile(file, new CheckOptions { MaxStates = 100_000 });
        Assert.True(result.Verdict == Verdict.Bug, TextReport.Render(result));
        var bug = result.FirstBug!;
        Assert.Equal("irq-inversion", bug.Kind);
        Assert.Equal("dev_reader", bug.Thread);
        Assert.Equal(ModelPaths.LineOf(file, "spin_lock(&dev_lock);"), bug.Location!.Line);
        Assert.Equal("dev_interrupt", bug.Location.Function);
        Assert.Contains("WARNING: inconsistent lock state", bug.Report);
        Assert.Contains("inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage.", bug.Report);
        Assert.Contains(bug.Trace, s => s.Operation == "<interrupt>" && s.Thread == "dev_reader");
    }

    [Fact]
    public void DisablingInterruptsAroundTheSectionIsTheFix()
    {
        var result = ModelChecker.CheckFile(File("irq_unsafe_lock.c"), new CheckOptions { Defines = ["USE_IRQSAVE"], MaxStates = 100_000 });
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
    }

    [Fact]
    public void OnPreemptRtTheHandlerIsForceThreadedSoTheSpinlockIsLegal()
    {
        // kernel/irq/manage.c: irq_setup_forced_threading() — on RT the handler runs in an irq thread (issue 16, item 6).
        var result = ModelChecker.CheckFile(File("irq_unsafe_lock.c"), new CheckOptions { Defines = ["USE_IRQSAVE"], Configs = ["PREEMPT_RT"], MaxStates = 100_000 });
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
    }
}
