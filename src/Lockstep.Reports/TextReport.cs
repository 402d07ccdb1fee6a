using System.Globalization;
using System.Text;

namespace Lockstep.Reports;

/// <summary>
/// The report a kernel developer reads in a terminal: the verdict, then for each bug the kernel-style splat and the
/// interleaving that produced it (aligned columns: step, thread, file:line, operation, source; main's setup on one
/// line and repeated steps folded unless verbose), then statistics.
/// </summary>
public static class TextReport
{
    public static string Render(CheckResult result, bool verbose = false)
    {
        var sb = new StringBuilder();
        foreach (var d in result.Diagnostics) sb.Append(d).Append('\n');
        foreach (var bug in result.Bugs)
        {
            sb.Append(bug.Report.TrimEnd('\n')).Append("\n\n");
            AppendTrace(sb, bug, verbose);
            sb.Append('\n');
        }
        sb.Append("verdict: ").Append(VerdictExitCodes.Name(result.Verdict));
        if (result.FirstBug is { } first) sb.Append(" (").Append(first.Kind).Append(": ").Append(first.Title).Append(')');
        if (result.KeepGoing && result.Bugs.Count > 0)
            sb.Append(CultureInfo.InvariantCulture, $" — {result.Bugs.Count} distinct bug{(result.Bugs.Count == 1 ? "" : "s")} (--keep-going)");
        if (result.Verdict == Verdict.Incomplete && result.IncompleteReason is not null) sb.Append(" — ").Append(result.IncompleteReason);
        if (result.Verdict is Verdict.Ok or Verdict.Incomplete && result.NonProgressNotChecked is { } why)
            sb.Append(" (non-progress not checked: ").Append(why).Append(')');
        sb.Append('\n');
        if (result.Kernel is { } kernel && result.Verdict != Verdict.Error) sb.Append("kernel: ").Append(kernel.Describe()).Append('\n');
        if (result.Search.Length > 0 && result.Verdict != Verdict.Error) sb.Append("search: ").Append(result.Search).Append('\n');
        if (result.Verdict != Verdict.Error) AppendStatistics(sb, result);
        CoverageText.Append(sb, result.Coverage);
        return sb.ToString();
    }

    public static void AppendTrace(StringBuilder sb, BugReport bug, bool verbose = false) => AppendTrace(sb, bug.Trace, verbose, bug.LoopFrom);

    /// <summary>The interleaving in aligned columns (step, thread, file:line, operation, source); see <see cref="TraceRows"/>.</summary>
    public static void AppendTrace(StringBuilder sb, IReadOnlyList<TraceStep> trace, bool verbose = false, int? loopFrom = null)
    {
        sb.Append("Interleaving (").Append(trace.Count).Append(" steps");
        if (loopFrom is { } loop) sb.Append(CultureInfo.InvariantCulture, $"; steps {loop}-{trace.Count} repeat forever");
        if (trace.Any(s => s.Merged.Count > 0)) sb.Append($"; \"{TraceRows.MergedMark.Trim()}\" marks an operation that ran inside the step above it");
        sb.Append("):\n");
        var rows = TraceRows.Of(trace, verbose, loopFrom);
        if (rows.Count == 0) return;
        var steps = rows.Max(r => r.Steps.Length);
        var thread = rows.Max(r => r.Thread.Length);
        var where = rows.Max(r => r.Where.Length);
        var operation = rows.Max(r => r.Operation.Length);
        var loopRow = loopFrom is { } first ? rows.ToList().FindIndex(r => FirstStep(r) >= first) : -1;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (i == loopRow) sb.Append("  -- from here the steps repeat forever --\n");
            var line = $"  {r.Steps.PadLeft(steps)}  {r.Thread.PadRight(thread)}  {r.Where.PadRight(where)}  {r.Operation.PadRight(operation)}  {r.Source}";
            sb.Append(line.TrimEnd()).Append('\n');
        }
    }

    /// <summary>The first step a row shows; -1 for an operation merged into the step above.</summary>
    private static int FirstStep(TraceRows.Row row) =>
        row.Steps.Length == 0 ? -1 : int.Parse(row.Steps.Split('-')[0], CultureInfo.InvariantCulture);

    public static void AppendStatistics(StringBuilder sb, CheckResult result)
    {
        var s = result.Statistics;
        sb.Append(CultureInfo.InvariantCulture,
            $"states: {s.States}, transitions: {s.Transitions}, depth: {s.MaxDepth}, time: {s.Seconds:0.000}s, {s.StatesPerSecond:0} states/s, peak memory: {s.PeakMemoryBytes / (1024.0 * 1024.0):0.0} MiB");
        if (s.StoreBytes > 0 && s.States > 0)
            sb.Append(CultureInfo.InvariantCulture, $", store: {s.BytesPerState:0.0} bytes/state");
        if (s.AccessSites > 0)
            sb.Append(CultureInfo.InvariantCulture, $", access sites without a class: {s.UnclassifiedAccessSites}/{s.AccessSites}");
        if (s.StepMerging)
            sb.Append(CultureInfo.InvariantCulture, $", merged operations: {s.MergedOperations}")
              .Append(s.MergeFallbacks.Count == 0 ? "" : $" (not merged, the discipline broke: {string.Join("; ", s.MergeFallbacks)})");
        if (s.CollisionProbability > 0)
            sb.Append(CultureInfo.InvariantCulture, $", fingerprint collision probability: {s.CollisionProbability:0.0e+0}");
        if (result.Seed is { } seed) sb.Append(CultureInfo.InvariantCulture, $", seed: {seed}");
        sb.Append('\n');
    }
}
