using System.CommandLine;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// The result files of <c>lockstep check</c>: --json, --sarif, --html, --dot, --coverage and --trace-out (and
/// --no-coverage, which leaves coverage out of all of them). Every path is checked
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
    public readonly Option<string?> Coverage = new("--coverage") { Description = "Also write the lines and branch sides the search reached as an lcov tracefile (for genhtml and editors)." };
    public readonly Option<bool> NoCoverage = new("--no-coverage") { Description = "Do not record coverage (the report then says nothing of what was reached)." };

    public void AddTo(Command command)
    {
        foreach (var o in new[] { Json, TraceOut, Sarif, Dot, Html, Coverage }) command.Options.Add(o);
        command.Options.Add(NoCoverage);
    }

    /// <summary>The requested paths, each checked; throws <see cref="UsageException"/> naming the first bad option.</summary>
    public Requested Check(ParseResult parse)
    {
        var requested = new Requested(parse.GetValue(Json), parse.GetValue(TraceOut), parse.GetValue(Sarif), parse.GetValue(Dot), parse.GetValue(Html),
            parse.GetValue(Coverage), !parse.GetValue(NoCoverage));
        if (requested.Coverage is not null && !requested.CollectCoverage)
            throw new UsageException("--coverage needs coverage: drop --no-coverage");
        foreach (var (option, path) in requested.All())
        {
            if (OutputFile.Problem(path) is { } problem) throw new UsageException($"{option}: cannot write '{path}': {problem}");
        }
        return requested;
    }

    /// <summary>The paths a check asked for.</summary>
    public sealed record Requested(string? Json, string? TraceOut, string? Sarif, string? Dot, string? Html, string? Coverage = null,
        bool CollectCoverage = true)
    {
        public IEnumerable<(string Option, string Path)> All()
        {
            if (Json is not null) yield return ("--json", Json);
            if (TraceOut is not null) yield return ("--trace-out", TraceOut);
            if (Sarif is not null) yield return ("--sarif", Sarif);
            if (Dot is not null) yield return ("--dot", Dot);
            if (Html is not null) yield return ("--html", Html);
            if (Coverage is not null) yield return ("--coverage", Coverage);
        }
    }
}
