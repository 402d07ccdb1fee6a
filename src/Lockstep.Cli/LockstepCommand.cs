using System.CommandLine;
using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// The <c>lockstep</c> command line: check, replay, list. A thin shell over <see cref="ModelChecker"/>; exit codes are
/// the README's (0 ok, 1 bug, 2 usage or model error, 3 incomplete).
/// </summary>
public static class LockstepCommand
{
    private static readonly (string Name, string Description, Func<TextWriter, TextWriter, Command> Create)[] Commands =
    [
        (CheckCommand.Name, CheckCommand.Description, CheckCommand.Create),
        (ReplayCommand.Name, ReplayCommand.Description, ReplayCommand.Create),
        (MatrixCommand.Name, MatrixCommand.Description, MatrixCommand.Create),
        (ExplainCommand.Name, ExplainCommand.Description, (output, _) => ExplainCommand.Create(output)),
        (ListCommand.Name, ListCommand.Description, (output, _) => ListCommand.Create(output)),
        (SiloCommand.Name, SiloCommand.Description, SiloCommand.Create),
    ];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Lockstep: a model checker for Linux kernel concurrency protocols written as kernel-style C.");
        // Only the command being run is built with its options and action; the others are their name and description,
        // all that the root's help and a misspelt command need (part of a short check's start-up, docs/performance.md).
        // When the first argument names no command, every command is built.
        var named = args.Length > 0 && Commands.Any(c => c.Name == args[0]) ? args[0] : null;
        foreach (var (name, description, create) in Commands)
            root.Subcommands.Add(named is null || named == name ? create(output, error) : new Command(name, description));
        // The one version (Directory.Build.props), as the result files record it, without the SDK's "+commit" suffix.
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList()) root.Options.Remove(builtIn);
        var version = new Option<bool>("--version") { Description = "Print the version of lockstep (the one its JSON, SARIF and replay files record)." };
        root.Options.Add(version);
        root.SetAction(parse =>
        {
            if (!parse.GetValue(version)) throw new UsageException("a command is required (check, replay, matrix, explain, list, silo); try 'lockstep --help'");
            output.WriteLine(ToolInfo.Version);
            return 0;
        });
        var parse = root.Parse(ArgumentNormalizer.Normalize(args));
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"lockstep: error: {e.Message}");
            error.WriteLine("Try 'lockstep --help'.");
            return 2;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            error.WriteLine($"lockstep: error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("LOCKSTEP_DEBUG") is null)
        {
            // A failure of the tool itself: one line, not a stack trace (LOCKSTEP_DEBUG=1 shows it).
            error.WriteLine($"lockstep: internal error: {e.GetType().Name}: {e.Message} (set LOCKSTEP_DEBUG=1 for details)");
            return 2;
        }
    }
}

/// <summary>A usage error found after parsing (a bad value for an option): exit code 2 with the option named.</summary>
public sealed class UsageException(string message) : Exception(message);
