using System.Globalization;
using System.Text;

namespace Lockstep.Reports;

/// <summary>
/// The report a kernel developer reads in a terminal: the verdict, then for each bug the kernel-style splat and the
/// interleaving that produced it (one line per step: thread, file:line, operation, source), then statistics.
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
            AppendTrace(sb, bug);
            sb.Append('\n');
        }
        sb.Append("verdict: ").Append(VerdictExitCodes.Name(result.Verdict));
        if (result.FirstBug is { } first) sb.Append(" (").Append(first.Kind).Append(": ").Append(first.Title).Append(')');
        if (result.Verdict == Verdict.Incomplete && result.IncompleteReason is not null) sb.Append(" — ").Append(result.IncompleteReason);
        sb.Append('\n');
        if (result.Verdict != Verdict.Error) AppendStatistics(sb, result);
        return sb.ToString();
    }

    public static void AppendTrace(StringBuilder sb, BugReport bug) => AppendTrace(sb, bug.Trace);

    public static void AppendTrace(StringBuilder sb, IReadOnlyList<TraceStep> trace)
    {
        sb.Append("Interleaving (").Append(trace.Count).Append(" steps):\n");
        var width = trace.Count == 0 ? 4 : Math.Max(4, trace.Max(s => s.Thread.Length));
        foreach (var step in trace)
        {
            var where = step.Location is null ? "" : $"{step.Location.File}:{step.Location.Line}";
            sb.Append(CultureInfo.InvariantCulture, $"  {step.Index,4}  {step.Thread.PadRight(width)}  {where,-36} {step.Operation,-22} {step.Source}\n");
        }
    }

    public static void AppendStatistics(StringBuilder sb, CheckResult result)
    {
        var s = result.Statistics;
        sb.Append(CultureInfo.InvariantCulture,
            $"states: {s.States}, transitions: {s.Transitions}, depth: {s.MaxDepth}, time: {s.Seconds:0.000}s, {s.StatesPerSecond:0} states/s, peak memory: {s.PeakMemoryBytes / (1024.0 * 1024.0):0.0} MiB");
        if (s.CollisionProbability > 0)
            sb.Append(CultureInfo.InvariantCulture, $", fingerprint collision probability: {s.CollisionProbability:0.0e+0}");
        if (result.Seed is { } seed) sb.Append(CultureInfo.InvariantCulture, $", seed: {seed}");
        sb.Append('\n');
    }
}
