using System.Net;
using System.Text;

namespace Lockstep.Reports;

/// <summary>
/// One self-contained HTML page per check: the verdict, each bug's kernel report, and its interleaving drawn with one
/// column per thread (as lockdep draws CPU0/CPU1) and, under each step, the locks every thread holds after it, so who
/// did what, in which order, holding what, reads at a glance. Every step links to its line in the model's source,
/// which the page carries at its end (the files the interleavings pass through, as they are when the page is written).
/// </summary>
public static class HtmlReport
{
    public static string Render(CheckResult result)
    {
        var sources = new SourceAnchors(result.Bugs.SelectMany(b => b.Trace.Concat(b.DependencyOrigin)));
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lockstep: ")
          .Append(H(Path.GetFileName(result.Model))).Append("</title>\n<style>")
          .Append("body{font-family:sans-serif;margin:2em}pre{background:#f6f6f6;padding:1em;overflow:auto}")
          .Append("table{border-collapse:collapse;font-family:monospace;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}")
          .Append("th{background:#eee}td.n{color:#888;text-align:right}.last{background:#fdd}.ok{color:#070}.bug{color:#b00}.incomplete{color:#a60}")
          .Append(".held{display:block;color:#555;font-size:85%}.merged b{color:#555}.held:before{content:\"holds \";color:#999}")
          .Append(".pair{display:flex;gap:2em;align-items:flex-start}")
          .Append(".src span{display:block}.src span:target{background:#ffd}.src i{color:#999;font-style:normal;display:inline-block;width:4em}")
          .Append("</style></head><body>\n");
        var verdict = VerdictExitCodes.Name(result.Verdict);
        sb.Append("<h1>").Append(H(result.Model)).Append("</h1>\n");
        if (result.Defines.Count + result.Configs.Count > 0)
            sb.Append("<p>").Append(H(string.Join(" ", result.Defines.Select(d => "-D " + d).Concat(result.Configs.Select(c => "--config " + c))))).Append("</p>\n");
        sb.Append("<p>verdict: <b class=\"").Append(verdict).Append("\">").Append(verdict).Append("</b>");
        if (result.IncompleteReason is not null) sb.Append(" — ").Append(H(result.IncompleteReason));
        var s = result.Statistics;
        sb.Append(FormattableString.Invariant($" · {s.States} states, {s.Transitions} transitions, {s.Seconds:0.000} s</p>\n"));
        if (result.Kernel is { } kernel) sb.Append("<p>kernel: ").Append(H(kernel.Describe())).Append("</p>\n");
        foreach (var bug in result.Bugs)
        {
            sb.Append("<h2>").Append(H(bug.Kind)).Append(": ").Append(H(bug.Title)).Append("</h2>\n");
            sb.Append("<pre>").Append(H(bug.Report)).Append("</pre>\n");
            if (bug.DependencyOrigin.Count > 0)
            {
                // Both halves of a predicted deadlock side by side: where the dependency was recorded, where it is closed.
                sb.Append("<div class=\"pair\"><div><h3>the interleaving that records the dependency</h3>\n");
                AppendTimeline(sb, bug.DependencyOrigin, sources);
                sb.Append("</div><div><h3>the interleaving that closes the cycle</h3>\n");
                AppendTimeline(sb, bug.Trace, sources);
                sb.Append("</div></div>\n");
            }
            else
            {
                AppendTimeline(sb, bug.Trace, sources);
            }
        }
        AppendCoverage(sb, result.Coverage);
        sources.AppendSources(sb);
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void AppendTimeline(StringBuilder sb, IReadOnlyList<TraceStep> trace, SourceAnchors sources)
    {
        var threads = trace.Select(t => t.Thread).Distinct().ToList();
        sb.Append("<table><tr><th>#</th>");
        foreach (var t in threads) sb.Append("<th>").Append(H(t)).Append("</th>");
        sb.Append("</tr>\n");
        for (var i = 0; i < trace.Count; i++)
        {
            var step = trace[i];
            sb.Append(i == trace.Count - 1 ? "<tr class=\"last\">" : "<tr>");
            sb.Append("<td class=\"n\">").Append(step.Index).Append("</td>");
            foreach (var t in threads)
            {
                sb.Append("<td>");
                if (t == step.Thread)
                {
                    sb.Append("<span title=\"").Append(H(step.Location?.Function ?? "")).Append("\">");
                    AppendOperation(sb, step.Location, step.Operation, step.Source, sources);
                    sb.Append("</span>");
                    // Operations that ran inside this step (step merging), each on a line of its own.
                    foreach (var merged in step.Merged)
                    {
                        sb.Append("<br><span class=\"merged\">");
                        AppendOperation(sb, merged.Location, TraceRows.MergedMark + merged.Operation, merged.Source, sources);
                        sb.Append("</span>");
                    }
                }
                // What this thread holds after the step: an inversion reads as two columns each holding the other's lock.
                if (step.Held.FirstOrDefault(h => h.Thread == t) is { Locks.Count: > 0 } held)
                    sb.Append("<span class=\"held\">").Append(H(string.Join(", ", held.Locks))).Append("</span>");
                sb.Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n");
    }

    /// <summary>"file:line" (a link to the line when its source is in the page), the operation in bold, the source line.</summary>
    private static void AppendOperation(StringBuilder sb, SourceLocation? at, string operation, string source, SourceAnchors sources)
    {
        if (at is not null)
        {
            var where = $"{Path.GetFileName(at.File)}:{at.Line}";
            if (sources.Anchor(at) is { } anchor) sb.Append("<a href=\"#").Append(anchor).Append("\">").Append(H(where)).Append("</a> ");
            else sb.Append(H(where)).Append(' ');
        }
        sb.Append("<b>").Append(H(operation)).Append("</b> ").Append(H(source));
    }

    private static string H(string s) => WebUtility.HtmlEncode(s);

    /// <summary>What the search reached, as the text report says it: the summary, then the model's unreached lines.</summary>
    private static void AppendCoverage(StringBuilder sb, CoverageReport coverage)
    {
        if (coverage.IsEmpty) return;
        var text = new StringBuilder();
        CoverageText.Append(text, coverage);
        sb.Append("<h2 id=\"coverage\">Coverage</h2>\n<pre class=\"coverage\">").Append(H(text.ToString())).Append("</pre>\n");
    }

    /// <summary>The source files the steps point into, each line with an id the steps link to.</summary>
    private sealed class SourceAnchors
    {
        private readonly List<(string File, string[] Lines)> _files = [];

        public SourceAnchors(IEnumerable<TraceStep> steps)
        {
            foreach (var file in steps.SelectMany(s => s.Merged.Select(m => m.Location).Prepend(s.Location)).Select(l => l?.File).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                try
                {
                    if (File.Exists(file) && new FileInfo(file).Length < 4 << 20) _files.Add((file, File.ReadAllLines(file)));
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }

        public string? Anchor(SourceLocation at)
        {
            var index = _files.FindIndex(f => f.File == at.File);
            return index < 0 || at.Line < 1 || at.Line > _files[index].Lines.Length ? null : Id(index, at.Line);
        }

        private static string Id(int file, int line) => FormattableString.Invariant($"f{file}-L{line}");

        public void AppendSources(StringBuilder sb)
        {
            if (_files.Count == 0) return;
            sb.Append("<h2>Sources</h2>\n");
            for (var i = 0; i < _files.Count; i++)
            {
                var (file, lines) = _files[i];
                sb.Append("<h3>").Append(H(file)).Append("</h3>\n<pre class=\"src\">");
                for (var n = 1; n <= lines.Length; n++)
                    sb.Append("<span id=\"").Append(Id(i, n)).Append("\"><i>").Append(n).Append("</i>").Append(H(lines[n - 1])).Append("</span>");
                sb.Append("</pre>\n");
            }
        }
    }
}
