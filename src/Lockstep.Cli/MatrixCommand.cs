using System.CommandLine;
using System.Globalization;
using System.Text;
using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// <c>lockstep matrix FILE --variants A,B --config X</c>: checks every variant (one -D name each; BASE = none) under
/// the default configuration and each --config (a comma-joined value combines configs), and prints the Markdown
/// table a reviewer pastes into a reply: variant, config, verdict, first bug kind, where, states, seconds.
/// </summary>
internal static class MatrixCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The model to check." };
        var variants = new Option<string>("--variants") { Description = "Comma-separated -D names, one per row group; BASE means no define.", Required = true };
        var model = new ModelOptions("A config column besides the default; X,Y combines configs (PREEMPT_RT, PROVE_RAW_LOCK_NESTING, RTLOCK_IN_NON_BLOCK, QUEUED_RWLOCKS, NO_LOCKDEP).");
        var search = new SearchOptionSet();
        var command = new Command("matrix", "Check every variant under every config and print a Markdown table of verdicts.");
        command.Arguments.Add(file);
        command.Options.Add(variants);
        model.AddTo(command);
        search.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"model file '{path}' does not exist");
            var rows = (parse.GetValue(variants) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (rows.Length == 0) throw new UsageException("--variants needs at least one name (BASE for none)");
            var columns = new List<string[]> { Array.Empty<string>() };
            foreach (var c in parse.GetValue(model.Configs) ?? [])
                columns.Add(c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var baseOptions = search.Apply(parse, new CheckOptions
            {
                IncludeDirectories = parse.GetValue(model.Includes) ?? [],
            });
            var common = parse.GetValue(model.Defines) ?? [];
            var table = new StringBuilder();
            table.Append("| variant | config | verdict | first bug | where | states | seconds |\n");
            table.Append("| --- | --- | --- | --- | --- | ---: | ---: |\n");
            output.Write(table.ToString());
            var errors = 0;
            foreach (var variant in rows)
            {
                foreach (var column in columns)
                {
                    var options = baseOptions with
                    {
                        Defines = variant == "BASE" ? common : [.. common, variant],
                        Configs = column,
                    };
                    var result = ModelChecker.CheckFile(path, options);
                    if (result.Verdict == Verdict.Error)
                    {
                        errors++;
                        foreach (var d in result.Diagnostics) error.WriteLine(d);
                    }
                    var line = Row(variant, column, result);
                    table.Append(line);
                    output.Write(line);
                    output.Flush();
                }
            }
            return errors > 0 ? 2 : 0;
        });
        return command;
    }

    private static string Row(string variant, string[] configs, CheckResult result)
    {
        var bug = result.FirstBug;
        var where = bug?.Location is { } l ? $"{l.Function} ({Path.GetFileName(l.File)}:{l.Line})" : "";
        var kind = bug is null ? "" : $"{bug.Kind}: {Escape(bug.Title)}";
        var config = configs.Length == 0 ? "default" : string.Join("+", configs);
        var verdict = VerdictExitCodes.Name(result.Verdict);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {variant} | {config} | {verdict} | {kind} | {Escape(where)} | {result.Statistics.States} | {result.Statistics.Seconds:0.0} |\n");
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
}
