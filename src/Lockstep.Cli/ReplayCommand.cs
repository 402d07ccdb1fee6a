using System.CommandLine;
using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary><c>lockstep replay FILE</c>: re-execute a saved counterexample step for step and print the same report.</summary>
internal static class ReplayCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A replay file written by 'lockstep check'." };
        var command = new Command("replay", "Re-execute a counterexample from its replay file.");
        command.Arguments.Add(file);
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
            if (!File.Exists(replay.Model)) throw new UsageException($"{path}: the model '{replay.Model}' it was recorded from does not exist");
            var options = new CheckOptions
            {
                Defines = replay.Defines,
                Configs = replay.Configs,
                IncludeDirectories = replay.IncludeDirectories,
                ReplayPath = replay.Schedule.Select(s => new Transition(s.Thread, s.Choice)).ToList(),
            };
            var result = ModelChecker.CheckFile(replay.Model, options);
            output.Write(TextReport.Render(result));
            return VerdictExitCodes.For(result.Verdict);
        });
        return command;
    }
}
