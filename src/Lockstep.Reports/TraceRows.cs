using System.Globalization;

namespace Lockstep.Reports;

/// <summary>
/// A trace as the rows a reader scans: main's setup (its steps before any other thread runs) on one line, and
/// consecutive identical steps of one thread (same place, same operation: a spin, a retry loop) folded into one
/// "×N" row. <c>verbose</c> keeps every step. An operation that ran inside a step (step merging) gets a row of its own
/// under it, with no step number and its operation marked "+".
/// </summary>
public static class TraceRows
{
    /// <summary>One row: the step or step range, the thread, where, what, and the source line.</summary>
    public sealed record Row(string Steps, string Thread, string Where, string Operation, string Source);

    /// <summary>The rows of a trace; with <paramref name="loopFrom"/> (a lasso), no row spans the loop's first step,
    /// so the loop starts on a row of its own.</summary>
    public static IReadOnlyList<Row> Of(IReadOnlyList<TraceStep> trace, bool verbose, int? loopFrom = null)
    {
        var rows = new List<Row>();
        var i = 0;
        if (!verbose)
        {
            var setup = SetupLength(trace);
            if (loopFrom is { } loop) setup = Math.Min(setup, loop - 1);
            if (setup >= 2)
            {
                rows.Add(Setup(trace, setup));
                i = setup;
            }
        }
        while (i < trace.Count)
        {
            var run = 1;
            if (!verbose)
                while (i + run < trace.Count && SameStep(trace[i], trace[i + run]) && trace[i + run].Index != loopFrom) run++;
            var step = trace[i];
            rows.Add(new Row(Range(step.Index, trace[i + run - 1].Index), step.Thread, Where(step.Location),
                run > 1 ? string.Create(CultureInfo.InvariantCulture, $"{step.Operation} ×{run}") : step.Operation, step.Source));
            foreach (var merged in step.Merged)
                rows.Add(new Row("", step.Thread, Where(merged.Location), MergedMark + merged.Operation, merged.Source));
            i += run;
        }
        return rows;
    }

    /// <summary>The steps main runs before any other thread does (never the last step: that is where the bug is).</summary>
    private static int SetupLength(IReadOnlyList<TraceStep> trace)
    {
        if (trace.Count == 0 || trace[0].ThreadId != 0) return 0;
        var n = 0;
        while (n < trace.Count - 1 && trace[n].ThreadId == 0) n++;
        return n;
    }

    private static Row Setup(IReadOnlyList<TraceStep> trace, int length)
    {
        var steps = trace.Take(length).ToList();
        var operations = steps.GroupBy(s => s.Operation)
            .Select(g => g.Count() > 1 ? string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()}") : g.Key).ToList();
        var summary = string.Join(", ", operations.Take(4)) + (operations.Count > 4 ? ", …" : "");
        var located = steps.Where(s => s.Location is not null).Select(s => s.Location!).ToList();
        var where = located.Count == 0 ? ""
            : located.All(l => l.File == located[0].File)
                ? string.Create(CultureInfo.InvariantCulture, $"{located[0].File}:{located.Min(l => l.Line)}-{located.Max(l => l.Line)}")
                : Where(located[0]);
        return new Row(Range(steps[0].Index, steps[^1].Index), steps[0].Thread, where, "setup",
            $"{summary} ({length} steps; --verbose shows them)");
    }

    /// <summary>What an operation's row starts with when it ran inside the step above it.</summary>
    public const string MergedMark = "+ ";

    private static bool SameStep(TraceStep a, TraceStep b) =>
        a.ThreadId == b.ThreadId && a.Operation == b.Operation && a.Source == b.Source && a.Location == b.Location
        && a.Merged.SequenceEqual(b.Merged);

    private static string Range(int first, int last) =>
        first == last ? first.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");

    private static string Where(SourceLocation? l) => l is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{l.File}:{l.Line}");
}
