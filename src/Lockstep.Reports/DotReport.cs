using System.Text;

namespace Lockstep.Reports;

/// <summary>
/// The lock-order graph as Graphviz DOT (<c>dot -Tsvg</c>): what lockdep learned about the model's lock order. Nodes
/// are lock classes as lockdep names them; each edge "B taken while holding A" is labelled with the site that recorded
/// it and its kind as lockdep's documentation writes it (-(EN)->); the first bug's cycle (or recursion) is red, with the
/// acquisition lockdep reported drawn dashed.
/// </summary>
public static class DotReport
{
    public static string Render(CheckResult result, string title = "lock order") =>
        Render(result.LockGraph, title, result.FirstBug is { } bug ? bug.LockCycle : [], result.FirstBug?.Location);

    public static string Render(LockGraph graph, string title = "lock order", IReadOnlyList<string>? cycle = null, SourceLocation? reportedAt = null)
    {
        cycle ??= [];
        var inCycle = new HashSet<string>(cycle, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append("digraph lockdep {\n");
        sb.Append($"  label=\"{Escape(title)}\";\n  labelloc=t;\n  node [shape=box, fontname=\"monospace\"];\n  edge [fontname=\"monospace\", fontsize=10];\n");
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Classes.Count; i++)
        {
            var name = graph.Classes[i];
            ids.TryAdd(name, $"c{i}");
            sb.Append($"  c{i} [label=\"{Escape(name)}\"{(inCycle.Contains(name) ? ", color=red, fontcolor=red, penwidth=2" : "")}];\n");
        }
        // A class only the report names (lockdep reported before recording it) still gets its node.
        foreach (var name in cycle.Where(c => !ids.ContainsKey(c)))
        {
            ids[name] = $"r{ids.Count}";
            sb.Append($"  {ids[name]} [label=\"{Escape(name)}\", color=red, fontcolor=red, penwidth=2];\n");
        }
        foreach (var e in graph.Edges)
        {
            var from = graph.Classes[e.From];
            var to = graph.Classes[e.To];
            var red = inCycle.Contains(from) && inCycle.Contains(to);
            var label = e.Kind.Length > 0 ? $"{Site(e.Where)}\\n-({e.Kind})->" : Site(e.Where);
            sb.Append($"  c{e.From} -> c{e.To} [label=\"{Escape(label).Replace("\\\\n", "\\n", StringComparison.Ordinal)}\", tooltip=\"{Escape(e.Where)}\"{(red ? ", color=red, fontcolor=red, penwidth=2" : "")}];\n");
        }
        if (cycle.Count > 0)
        {
            // The acquisition lockdep reported: held (the cycle's last class) → acquiring (its first); for recursion, a loop.
            var where = reportedAt is null ? "reported" : $"reported at {Path.GetFileName(reportedAt.File)}:{reportedAt.Line}";
            sb.Append($"  {ids[cycle[^1]]} -> {ids[cycle[0]]} [label=\"{Escape(where)}\", color=red, fontcolor=red, style=dashed, penwidth=2];\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>"ab+0x1e5/0x3e0 (models/abba.c:14)" → "ab (abba.c:14)": the function and the line, as a reader wants them.</summary>
    private static string Site(string frame)
    {
        var open = frame.IndexOf(" (", StringComparison.Ordinal);
        if (open < 0 || !frame.EndsWith(')')) return frame;
        var function = frame[..open];
        var plus = function.IndexOf('+');
        if (plus > 0) function = function[..plus];
        var place = frame[(open + 2)..^1];
        return $"{function} ({Path.GetFileName(place)})";
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
