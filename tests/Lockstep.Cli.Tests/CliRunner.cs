using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lockstep.Cli;
using Lockstep.Testing;

namespace Lockstep.Cli.Tests;

/// <summary>Runs the command line in this process (fast) or as its own process (signals).</summary>
internal static class CliRunner
{
    /// <summary>Replay files the tests do not place go to a temporary folder, not the user's state folder.</summary>
    [ModuleInitializer]
    internal static void UseTemporaryReplayFolder() =>
        Environment.SetEnvironmentVariable("LOCKSTEP_REPLAY_DIR", Directory.CreateTempSubdirectory("lockstep-replays").FullName);

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = LockstepCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Starts lockstep as a child process (the built lockstep.dll beside the tests, run by the same dotnet).</summary>
    public static Process Start(params string[] args) => StartWith(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static Process StartWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lockstep.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start lockstep");
    }

    public static string Example(string name) => RepositoryPaths.Example(name);

    /// <summary>Writes <paramref name="model"/> to a fresh folder as model.c and runs the command line with "{model}" in
    /// <paramref name="args"/> replaced by its path.</summary>
    public static (int Code, string Out, string Err) RunText(string model, params string[] args)
    {
        var path = Path.Combine(TempDir(), "model.c");
        File.WriteAllText(path, model);
        return Run([.. args.Select(a => a == "{model}" ? path : a)]);
    }

    public static string TempDir() => Directory.CreateTempSubdirectory("lockstep-cli").FullName;
}
