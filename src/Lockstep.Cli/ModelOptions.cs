using System.CommandLine;
using Lockstep.Checker;

namespace Lockstep.Cli;

/// <summary>-D, --config and -I: what the model is compiled with.</summary>
/// <remarks><c>lockstep matrix</c> reads the same options, with each --config a column of its table.</remarks>
internal sealed class ModelOptions(string configDescription = ModelOptions.ConfigDescription)
{
    private const string ConfigDescription = "Enable kernel config X: defines CONFIG_X and switches its semantics (PREEMPT_RT, PROVE_RAW_LOCK_NESTING, RTLOCK_IN_NON_BLOCK, QUEUED_RWLOCKS, NO_LOCKDEP).";

    public readonly Option<string[]> Defines = new("--define", "-D") { Description = "Define a preprocessor macro: NAME or NAME=VALUE (selects a model variant)." };
    public readonly Option<string[]> Configs = new("--config") { Description = configDescription };
    public readonly Option<string[]> Includes = new("--include-dir", "-I") { Description = "Add a directory to the #include search path." };

    public void AddTo(Command command)
    {
        command.Options.Add(Defines);
        command.Options.Add(Configs);
        command.Options.Add(Includes);
    }

    public CheckOptions Apply(ParseResult parse, CheckOptions options)
    {
        var configs = parse.GetValue(Configs) ?? [];
        foreach (var c in configs) ConfigNames.Check(c);
        return options with
        {
            Defines = parse.GetValue(Defines) ?? [],
            Configs = configs,
            IncludeDirectories = parse.GetValue(Includes) ?? [],
        };
    }
}
