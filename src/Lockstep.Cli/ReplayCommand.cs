using System.CommandLine;
using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// <c>lockstep replay FILE</c>: re-execute a saved counterexample step for step and print its report — only if it
/// reproduces the recorded bug (same kind, function and thread). A changed model or header, another tool version, or a
/// different outcome is exit 2 with what differs, never a different bug passed off as the recorded one.
/// </summary>
internal static class ReplayCommand
{
    public const string Name = "replay";
    public const string Description = "Re-execute a counterexample from its replay file and confirm it reproduces the recorded bug.";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A replay file written by 'lockstep check'." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show every step of the trace, main's setup included." };
        var command = new Command(Name, Description);
        command.Arguments.Add(file);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"replay file '{path}' does not exist");
            ReplayFile replay;
            try
            {
                replay = ReplayFile.Parse(File.ReadAllText(path));
            }
            catch (FormatException e)
            {
                throw new UsageException($"{path}: {e.Message}");
            }
            if (replay.ToolVersion != ToolInfo.Version)
                throw new UsageException($"{path}: recorded by lockstep {replay.ToolVersion}, this is {ToolInfo.Version}; "
                    + "its steps may not mean the same here — re-run 'lockstep check' to record it again");
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            var shipped = ModelCompilation.StandardIncludeDirectory;
            var model = ReplayFile.Resolve(replay.Model.Path, folder, shipped);
            if (!File.Exists(model)) throw new UsageException($"{path}: the model '{model}' it was recorded from does not exist");
            foreach (var input in new[] { replay.Model }.Concat(replay.Headers))
            {
                var resolved = ReplayFile.Resolve(input.Path, folder, shipped);
                if (!File.Exists(resolved)) throw new UsageException($"{path}: '{resolved}', read when the bug was recorded, no longer exists");
                var hash = InputFile.HashText(File.ReadAllText(resolved));
                if (hash != input.Sha256)
                    throw new UsageException($"{path}: '{resolved}' changed since the bug was recorded (its SHA-256 differs); "
                        + "re-run 'lockstep check' on the current model");
            }
            var options = new CheckOptions
            {
                Defines = replay.Defines,
                Configs = replay.Configs,
                IncludeDirectories = replay.IncludeDirectories.Select(d => Path.GetFullPath(Path.Combine(folder, d))).ToList(),
                ReplayPath = replay.Schedule.Select(s => new Transition(s.Thread, s.Choice)).ToList(),
                ReplayLoopStart = replay.Bug.LoopFrom - 1,
                StepMerging = replay.StepMerging,
                MergeFallbackClasses = replay.MergeFallbacks,
            };
            var result = ModelChecker.CheckFile(model, options);
            if (result.Verdict == Verdict.Error)
            {
                foreach (var d in result.Diagnostics) error.WriteLine(d);
                throw new UsageException($"{path}: the model no longer compiles");
            }
            var recorded = replay.Bug;
            var expected = $"{recorded.Kind} in {recorded.Function}() on thread {recorded.Thread}";
            if (result.FirstBug is not { } bug)
                throw new UsageException($"{path}: did not reproduce the recorded bug ({expected}): {result.IncompleteReason}");
            var function = bug.Location?.Function ?? "";
            if (bug.Kind != recorded.Kind || function != recorded.Function || bug.Thread != recorded.Thread)
                throw new UsageException($"{path}: reproduced {bug.Kind} in {function}() on thread {bug.Thread}, not the recorded {expected}");
            output.Write(TextReport.Render(result, parse.GetValue(verbose)));
            output.WriteLine($"replay: reproduced the recorded bug ({expected})");
            return VerdictExitCodes.For(result.Verdict);
        });
        return command;
    }
}
