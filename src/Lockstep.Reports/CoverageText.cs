using System.Globalization;
using System.Text;

namespace Lockstep.Reports;

/// <summary>
/// The coverage part of the text report: a summary (the model's own files apart from the shipped headers), then —
/// as SPIN's "unreached in proctype" — the model's lines the search never reached, grouped by function, the branch
/// sides never taken, and the checks, which a correct model never fires.
/// </summary>
public static class CoverageText
{
    /// <summary>Lines listed per function before the rest is counted only.</summary>
    private const int MaxLinesPerFunction = 12;

    public static void Append(StringBuilder sb, CoverageReport coverage)
    {
        if (coverage.IsEmpty) return;
        var model = coverage.Model;
        var headers = coverage.Headers;
        sb.Append(CultureInfo.InvariantCulture,
            $"coverage{(coverage.Partial ? " (partial: the search stopped early)" : "")}: model {model.LinesReached}/{model.Lines} lines, " +
            $"{model.BranchSidesReached}/{model.BranchSides} branch sides; shipped headers {headers.LinesReached}/{headers.Lines} lines\n");
        foreach (var file in coverage.Files.Where(f => !f.Shipped))
        {
            foreach (var group in file.Lines.Where(l => !l.Reached).GroupBy(l => l.Function))
            {
                var lines = group.ToList();
                sb.Append("unreached in ").Append(group.Key).Append(" (").Append(file.File).Append("):\n");
                foreach (var line in lines.Take(MaxLinesPerFunction))
                    sb.Append(CultureInfo.InvariantCulture, $"  {file.File}:{line.Line}  {line.Source.Trim()}\n");
                if (lines.Count > MaxLinesPerFunction)
                    sb.Append(CultureInfo.InvariantCulture, $"  ... and {lines.Count - MaxLinesPerFunction} more lines\n");
            }
            foreach (var b in file.Branches.Where(b => b.Reached && !(b.TrueSide && b.FalseSide)))
                sb.Append(CultureInfo.InvariantCulture,
                    $"branch never {(b.TrueSide ? "false" : "true")} in {b.Function}: {file.File}:{b.Line}{(b.Index > 0 ? $" (condition {b.Index + 1} on the line)" : "")}\n");
        }
        var checks = coverage.Checks;
        if (checks.Count > 0)
        {
            var reached = checks.Count(c => c.Reached);
            sb.Append(CultureInfo.InvariantCulture, $"checks: {reached}/{checks.Count} reached");
            sb.Append(coverage.Partial ? "\n" : ", none fired\n");
            foreach (var c in checks.Where(c => !c.Reached))
                sb.Append(CultureInfo.InvariantCulture, $"  never reached: {c.Check} in {c.Function} ({c.File}:{c.Line})\n");
        }
    }
}
