using System.CommandLine;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// The result files of <c>lockstep check</c>: --json, --sarif, --html, --dot and --trace-out. Every path is checked
/// before the search (a directory or a folder that cannot be written is a usage error naming the option), so a long
/// search never ends with its verdict lost to a typo.
/// </summary>
internal sealed class OutputOptions
{
    public readonly Option<string?> Json = new("--json") { Description = "Also write the result as JSON to this file (schema: docs/schemas/report.schema.json)." };
    public readonly Option<string?> TraceOut = new("--trace-out") { Description = "Where to write the replay file of a bug (default: next to --json, else the replay folder, see README)." };
    public readonly Option<string?> Sarif = new("--sarif") { Description = "Also write the result as SARIF 2.1.0 to this file." };
    public readonly Option<string?> Dot = new("--dot") { Description = "Also write lockdep's lock-order graph as Graphviz DOT to this file." };
    public readonly Option<string?> Html = new("--html") { Description = "Also write an HTML page with each bug's report and its interleaving, one column per thread." };

    public void AddTo(Command command)
    {
        foreach (var o in new[] { Json, TraceOut, Sarif, Dot, Html }) command.Options.Add(o);
    }

    /// <summary>The requested paths, each checked; throws <see cref="UsageException"/> naming the first bad option.</summary>
    public Requested Check(ParseResult parse)
    {
        var requested = new Requested(parse.GetValue(Json), parse.GetValue(TraceOut), parse.GetValue(Sarif), parse.GetValue(Dot), parse.GetValue(Html));
        foreach (var (option, path) in requested.All())
        {
            if (OutputFile.Problem(path) is { } problem) throw new UsageException($"{option}: cannot write '{path}': {problem}");
        }
        return requested;
    }

    /// <summary>The paths a check asked for.</summary>
    public sealed record Requested(string? Json, string? TraceOut, string? Sarif, string? Dot, string? Html)
    {
        public IEnumerable<(string Option, string Path)> All()
        {
            if (Json is not null) yield return ("--json", Json);
            if (TraceOut is not null) yield return ("--trace-out", TraceOut);
            if (Sarif is not null) yield return ("--sarif", Sarif);
            if (Dot is not null) yield return ("--dot", Dot);
            if (Html is not null) yield return ("--html", Html);
        }
    }
}
