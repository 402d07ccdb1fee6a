using System.CommandLine;
using Lockstep.Checker;

namespace Lockstep.Cli;

/// <summary><c>lockstep check FILE</c>: explore every interleaving of a model and print the verdict.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The model (kernel-style C) to check." };
        var options = new ModelOptions();
        var outputs = new OutputOptions();
        var search = new SearchOptionSet();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show every step of the trace, main's setup included." };
        var command = new Command("check", "Check a model: explore every interleaving and report the first bug, or prove there is none.");
        command.Arguments.Add(file);
        options.AddTo(command);
        search.AddTo(command);
        outputs.AddTo(command);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"model file '{path}' does not exist");
            // Everything the user typed is checked before the search, so a bad value never costs a verdict.
            var requested = outputs.Check(parse);
            var checkOptions = search.Apply(parse, options.Apply(parse, new CheckOptions())) with { Coverage = requested.CollectCoverage };
            using var interruption = new Interruption();
            var result = ProgressDisplay.Run(Path.GetFileName(path),
                progress => ModelChecker.CheckFile(path, checkOptions with { Progress = progress, CancellationToken = interruption.Token }));
            return ResultWriter.Write(result, output, error, requested, checkOptions, parse.GetValue(verbose));
        });
        return command;
    }
}
