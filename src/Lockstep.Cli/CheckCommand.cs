using System.CommandLine;
using Lockstep.Checker;
using Lockstep.Exploration;

namespace Lockstep.Cli;

/// <summary><c>lockstep check FILE</c>: explore every interleaving of a model and print the verdict.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The model (kernel-style C) to check." };
        var options = new ModelOptions();
        var json = new Option<string?>("--json") { Description = "Also write the result as JSON to this file." };
        var traceOut = new Option<string?>("--trace-out") { Description = "Where to write the replay file of a bug (default: next to --json, else ./<model>.replay.json)." };
        var sarif = new Option<string?>("--sarif") { Description = "Also write the bugs as SARIF 2.1.0 to this file." };
        var dot = new Option<string?>("--dot") { Description = "Also write lockdep's lock-order graph as Graphviz DOT to this file." };
        var html = new Option<string?>("--html") { Description = "Also write an HTML page with each bug's report and its interleaving, one column per thread." };
        var coverage = new Option<string?>("--coverage") { Description = "Also write the lines and branch sides the search reached as an lcov tracefile (for genhtml and editors)." };
        var noCoverage = new Option<bool>("--no-coverage") { Description = "Do not record coverage (the report then says nothing of what was reached)." };
        var search = new SearchOptionSet();
        var command = new Command("check", "Check a model: explore every interleaving and report the first bug, or prove there is none.");
        command.Arguments.Add(file);
        options.AddTo(command);
        search.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(traceOut);
        command.Options.Add(sarif);
        command.Options.Add(dot);
        command.Options.Add(html);
        command.Options.Add(coverage);
        command.Options.Add(noCoverage);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"model file '{path}' does not exist");
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                if (parse.GetValue(noCoverage) && parse.GetValue(coverage) is not null)
                    throw new UsageException("--coverage needs coverage: drop --no-coverage");
                var checkOptions = search.Apply(parse, options.Apply(parse, new CheckOptions())) with
                {
                    CancellationToken = cancel.Token,
                    Coverage = !parse.GetValue(noCoverage),
                };
                var result = ProgressDisplay.Run(Path.GetFileName(path), progress => ModelChecker.CheckFile(path, checkOptions with { Progress = progress }));
                if (parse.GetValue(sarif) is { } sarifPath) Reports.AtomicFile.WriteAllText(sarifPath, Reports.SarifReport.Render(result));
                if (parse.GetValue(html) is { } htmlPath) Reports.AtomicFile.WriteAllText(htmlPath, Reports.HtmlReport.Render(result));
                if (parse.GetValue(coverage) is { } lcovPath) Reports.AtomicFile.WriteAllText(lcovPath, Reports.LcovReport.Render(result.Coverage));
                if (parse.GetValue(dot) is { } dotPath) Reports.AtomicFile.WriteAllText(dotPath, Reports.DotReport.Render(result.LockGraph, Path.GetFileName(path)));
                return LockstepCommand.Report(result, output, error, parse.GetValue(json), parse.GetValue(traceOut), checkOptions.IncludeDirectories);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }
}
