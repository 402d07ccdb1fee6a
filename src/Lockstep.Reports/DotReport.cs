using System.Text;

namespace Lockstep.Reports;

/// <summary>The lock-order graph as Graphviz DOT (<c>dot -Tsvg</c>): what lockdep learned about the model's lock order.</summary>
public static class DotReport
{
    public static string Render(CheckResult result, string title = "lock order") => Render(result.LockGraph, title);

    public static string Render(LockGraph graph, string title = "lock order")
    {
        var sb = new StringBuilder();
        sb.Append("digraph lockdep {\n");
        sb.Append($"  label=\"{Escape(title)}\";\n  labelloc=t;\n  node [shape=box, fontname=\"monospace\"];\n");
        for (var i = 0; i < graph.Classes.Count; i++)
            sb.Append($"  c{i} [label=\"{Escape(graph.Classes[i])}\"];\n");
        foreach (var e in graph.Edges)
            sb.Append($"  c{e.From} -> c{e.To} [label=\"{Escape(e.Kind)}\", tooltip=\"{Escape(e.Where)}\"];\n");
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
