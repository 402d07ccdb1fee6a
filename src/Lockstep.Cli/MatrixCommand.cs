using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// <c>lockstep matrix FILE --variants A,B --config X</c>: checks every variant (one -D name each; BASE = none) under
/// the default configuration and each --config (a comma-joined value combines configs), and prints the Markdown
/// table a reviewer pastes into a reply: variant, config, verdict, first bug kind, where, states, seconds.
/// </summary>
/// <remarks>
/// Each cell is bounded (default 60 s and 1,000,000 states, overridable with --timeout and --max-states) so one large
/// cell cannot hang the table; a progress line per cell goes to stderr; --json writes the rows for tools.
/// </remarks>
internal static class MatrixCommand
{
    public const double DefaultCellSeconds = 60;
    public const long DefaultCellStates = 1_000_000;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The model to check." };
        var variants = new Option<string>("--variants") { Description = "Comma-separated -D names, one per row group; BASE means no define.", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the table's rows as JSON to this file." };
        var model = new ModelOptions("A config column besides the default; X,Y combines configs (PREEMPT_RT, PROVE_RAW_LOCK_NESTING, RTLOCK_IN_NON_BLOCK, QUEUED_RWLOCKS, NO_LOCKDEP).");
        var search = new SearchOptionSet();
        var command = new Command("matrix", $"Check every variant under every config and print a Markdown table of verdicts (each cell bounded: default {DefaultCellSeconds:0} s, {DefaultCellStates:N0} states).");
        command.Arguments.Add(file);
        command.Options.Add(variants);
        command.Options.Add(json);
        model.AddTo(command);
        search.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"model file '{path}' does not exist");
            var rows = (parse.GetValue(variants) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (rows.Length == 0) throw new UsageException("--variants needs at least one name (BASE for none)");
            var jsonPath = parse.GetValue(json);
            if (jsonPath is not null && OutputFile.Problem(jsonPath) is { } problem) throw new UsageException($"--json: cannot write '{jsonPath}': {problem}");
            var columns = new List<string[]> { Array.Empty<string>() };
            foreach (var c in parse.GetValue(model.Configs) ?? [])
            {
                var combined = c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var name in combined) ConfigNames.Check(name);
                columns.Add(combined);
            }
            var baseOptions = search.Apply(parse, new CheckOptions
            {
                IncludeDirectories = parse.GetValue(model.Includes) ?? [],
                Timeout = TimeSpan.FromSeconds(DefaultCellSeconds),
                MaxStates = DefaultCellStates,
            });
            var common = parse.GetValue(model.Defines) ?? [];
            output.Write("| variant | config | verdict | first bug | where | states | seconds |\n");
            output.Write("| --- | --- | --- | --- | --- | ---: | ---: |\n");
            var errors = 0;
            var cells = new List<Dictionary<string, object?>>();
            var total = rows.Length * columns.Count;
            using var interruption = new Interruption();
            foreach (var variant in rows)
            {
                foreach (var column in columns)
                {
                    // Interrupted: the cell that was running says so in its row; the cells not started are left out.
                    if (interruption.Token.IsCancellationRequested) break;
                    var config = column.Length == 0 ? "default" : string.Join("+", column);
                    var options = baseOptions with
                    {
                        Defines = variant == "BASE" ? common : [.. common, variant],
                        Configs = column,
                        CancellationToken = interruption.Token,
                    };
                    error.Write($"matrix: [{cells.Count + 1}/{total}] {variant} × {config} ... ");
                    error.Flush();
                    var result = ModelChecker.CheckFile(path, options);
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{VerdictExitCodes.Name(result.Verdict)} ({result.Statistics.Seconds:0.0} s)"));
                    if (result.Verdict == Verdict.Error)
                    {
                        errors++;
                        foreach (var d in result.Diagnostics) error.WriteLine(d);
                    }
                    output.Write(Row(variant, config, result));
                    output.Flush();
                    cells.Add(Cell(variant, config, result));
                }
            }
            if (jsonPath is not null)
            {
                var doc = new Dictionary<string, object?> { ["toolVersion"] = ToolInfo.Version, ["model"] = path, ["cells"] = cells };
                var text = JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                try
                {
                    OutputFile.WriteAllText(jsonPath, text + "\n");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"lockstep: error: --json: cannot write '{jsonPath}': {e.Message}");
                    return 2;
                }
            }
            if (interruption.Token.IsCancellationRequested)
            {
                error.WriteLine($"matrix: interrupted after {cells.Count} of {total} cells");
                return 3;
            }
            return errors > 0 ? 2 : 0;
        });
        return command;
    }

    private static Dictionary<string, object?> Cell(string variant, string config, CheckResult result)
    {
        var bug = result.FirstBug;
        return new Dictionary<string, object?>
        {
            ["variant"] = variant,
            ["config"] = config,
            ["verdict"] = VerdictExitCodes.Name(result.Verdict),
            ["kind"] = bug?.Kind,
            ["title"] = bug?.Title,
            ["function"] = bug?.Location?.Function,
            ["location"] = bug?.Location?.ToString(),
            ["incompleteReason"] = result.IncompleteReason,
            ["diagnostics"] = result.Diagnostics,
            ["states"] = result.Statistics.States,
            ["seconds"] = result.Statistics.Seconds,
        };
    }

    private static string Row(string variant, string config, CheckResult result)
    {
        var bug = result.FirstBug;
        var where = bug?.Location is { } l ? $"{l.Function} ({Path.GetFileName(l.File)}:{l.Line})" : "";
        var kind = bug is null ? "" : $"{bug.Kind}: {Escape(bug.Title)}";
        var verdict = VerdictExitCodes.Name(result.Verdict);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {variant} | {config} | {verdict} | {kind} | {Escape(where)} | {result.Statistics.States} | {result.Statistics.Seconds:0.0} |\n");
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
}
