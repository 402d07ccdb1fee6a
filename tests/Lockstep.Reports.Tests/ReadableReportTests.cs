using System.Text;

namespace Lockstep.Reports.Tests;

/// <summary>Reports a kernel developer reads fast: aligned, folded text; DOT with lockdep's names and the cycle; held locks in HTML.</summary>
public sealed class ReadableReportTests
{
    private static SourceLocation At(int line, string function = "worker") => new("models/spin.c", line, 2, function);

    private static TraceStep Step(int index, int thread, string name, string op, int line, string source, params ThreadLocks[] held) =>
        new(index, thread, name, op, At(line, name), source) { Held = held };

    /// <summary>main sets up three steps, a worker spins four times on one line, then the waiter fails.</summary>
    private static IReadOnlyList<TraceStep> SpinTrace() =>
    [
        Step(1, 0, "main", "spin_lock_init", 30, "spin_lock_init(&l);"),
        Step(2, 0, "main", "kthread_run", 31, "kthread_run(worker, NULL, \"worker\");"),
        Step(3, 0, "main", "kthread_run", 32, "kthread_run(waiter, NULL, \"waiter\");"),
        Step(4, 1, "worker", "spin_lock", 10, "spin_lock(&l);", new ThreadLocks("worker", ["l"])),
        Step(5, 2, "waiter", "load", 20, "while (!READ_ONCE(done))"),
        Step(6, 2, "waiter", "load", 20, "while (!READ_ONCE(done))"),
        Step(7, 2, "waiter", "load", 20, "while (!READ_ONCE(done))"),
        Step(8, 2, "waiter", "load", 20, "while (!READ_ONCE(done))"),
        Step(9, 1, "worker", "spin_unlock", 11, "spin_unlock(&l);"),
    ];

    private static string Trace(bool verbose)
    {
        var sb = new StringBuilder();
        TextReport.AppendTrace(sb, SpinTrace(), verbose);
        return sb.ToString();
    }

    [Fact]
    public void MainsSetupIsOneLineAndRepeatedStepsFold()
    {
        var lines = Trace(verbose: false).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Interleaving (9 steps):", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Matches(@"^\s+1-3\s+main\s+models/spin\.c:30-32\s+setup\s+spin_lock_init, kthread_run ×2 \(3 steps; --verbose shows them\)$", lines[1]);
        Assert.Matches(@"^\s+5-8\s+waiter\s+models/spin\.c:20\s+load ×4\s+while \(!READ_ONCE\(done\)\)$", lines[3]);
    }

    [Fact]
    public void ColumnsAreAligned()
    {
        var lines = Trace(verbose: false).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        // Every row's file:line starts in the same column, and so does its operation.
        Assert.Single(lines.Select(l => l.IndexOf("models/", StringComparison.Ordinal)).Distinct());
        var operationColumn = lines.Select(l => l.IndexOf("models/", StringComparison.Ordinal) + "models/spin.c:30-32".Length + 2).Distinct();
        Assert.Single(operationColumn);
        Assert.All(lines.Skip(1), l => Assert.NotEqual(' ', l[operationColumn.Single()]));
    }

    [Fact]
    public void VerboseKeepsEveryStep()
    {
        var lines = Trace(verbose: true).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.DoesNotContain("×", Trace(verbose: true));
        Assert.DoesNotContain("setup", Trace(verbose: true));
    }

    [Fact]
    public void ABugInMainsSetupKeepsItsLastStep()
    {
        var onlyMain = SpinTrace().Take(3).ToList();
        var sb = new StringBuilder();
        TextReport.AppendTrace(sb, onlyMain);
        var text = sb.ToString();
        Assert.Contains("1-2  main", text);
        Assert.Contains("kthread_run(waiter, NULL, \"waiter\");", text);
    }

    private static CheckResult Inversion()
    {
        var bug = new BugReport("circular-locking", "WARNING: possible circular locking dependency detected", "ba",
            new SourceLocation("models/abba.c", 23, 2, "ba"), "report", SpinTrace(), []) { LockCycle = ["&lock_a", "&lock_b"] };
        return new CheckResult(Verdict.Bug, [bug], CheckStatistics.Empty, null, [])
        {
            Model = "models/abba.c",
            LockGraph = new LockGraph(["&lock_a", "&lock_b", "&other"],
                [new LockGraphEdge(0, 1, "EN", "ab+0x1e5/0x3e0 (models/abba.c:14)"), new LockGraphEdge(2, 0, "SR", "x+0x1/0x2 (models/abba.c:40)")]),
        };
    }

    [Fact]
    public void DotNamesClassesLabelsEdgesWithSitesAndPaintsTheCycleRed()
    {
        var dot = DotReport.Render(Inversion(), "abba.c");
        Assert.Contains("c0 [label=\"&lock_a\", color=red", dot);
        Assert.Contains("c2 [label=\"&other\"];", dot);
        Assert.Contains("c0 -> c1 [label=\"ab (abba.c:14)\\n-(EN)->\"", dot);
        Assert.Matches("c0 -> c1 .*color=red", dot);
        Assert.DoesNotMatch("c2 -> c0 .*color=red", dot);
        Assert.Contains("c1 -> c0 [label=\"reported at abba.c:23\", color=red, fontcolor=red, style=dashed", dot);
        Assert.DoesNotContain("ExclusiveToNonRecursive", dot);
    }

    [Fact]
    public void HtmlShowsTheLocksEachThreadHoldsAtEachStep()
    {
        var html = HtmlReport.Render(Inversion());
        Assert.Contains("spin_lock(&amp;l);</span><span class=\"held\">l</span>", html);
    }

    [Fact]
    public void HtmlShowsBothHalvesOfAPredictedInversionSideBySide()
    {
        var result = Inversion();
        var bug = result.Bugs[0] with { DependencyOrigin = SpinTrace().Take(4).ToList() };
        var html = HtmlReport.Render(result with { Bugs = [bug] });
        var pair = html.IndexOf("<div class=\"pair\">", StringComparison.Ordinal);
        Assert.True(pair > 0);
        var records = html.IndexOf("the interleaving that records the dependency", StringComparison.Ordinal);
        var closes = html.IndexOf("the interleaving that closes the cycle", StringComparison.Ordinal);
        Assert.True(pair < records && records < closes);
        Assert.Equal(2, html.Split("<table>").Length - 1);
    }
}
