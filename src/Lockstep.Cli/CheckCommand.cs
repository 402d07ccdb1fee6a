using System.CommandLine;
using System.Runtime.CompilerServices;
using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary><c>lockstep check FILE</c>: explore every interleaving of a model and print the verdict.</summary>
internal static class CheckCommand
{
    /// <summary>Silo processes on one machine: each is a whole .NET process; more than this only competes for cores.</summary>
    private const int MaxLocalSilos = 64;

    public const string Name = "check";
    public const string Description = "Check a model: explore every interleaving and report the first bug, or prove there is none.";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The model (kernel-style C) to check." };
        var options = new ModelOptions();
        var outputs = new OutputOptions();
        var search = new SearchOptionSet();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show every step of the trace, main's setup included." };
        var silos = new Option<int?>("--silos") { Description = "Spread the search over N silo processes on this machine (an Orleans cluster on loopback; breadth-first, or random/pct as a swarm)." };
        var cluster = new Option<string?>("--cluster") { Description = "Submit the search to the cluster whose primary silo is HOST:PORT (see 'lockstep silo')." };
        var command = new Command(Name, Description);
        command.Arguments.Add(file);
        options.AddTo(command);
        search.AddTo(command);
        outputs.AddTo(command);
        command.Options.Add(verbose);
        command.Options.Add(silos);
        command.Options.Add(cluster);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"model file '{path}' does not exist");
            // Everything the user typed is checked before the search, so a bad value never costs a verdict.
            var requested = outputs.Check(parse);
            var checkOptions = search.Apply(parse, options.Apply(parse, new CheckOptions())) with { Coverage = requested.CollectCoverage };
            var silosCount = parse.GetValue(silos);
            var clusterText = parse.GetValue(cluster);
            if (clusterText is not null) CheckClusterAddress(clusterText);
            if (silosCount is { } n && (n < 1 || n > MaxLocalSilos))
                throw new UsageException($"--silos must be between 1 and {MaxLocalSilos} (got {n})");
            if (silosCount is not null && clusterText is not null)
                throw new UsageException("--silos starts a cluster on this machine and --cluster uses a running one: give one of them");
            var spread = silosCount is not null || clusterText is not null;
            // A cluster searches breadth-first (the depth-first search cannot be spread): the result says so.
            if (spread && checkOptions.Strategy == Exploration.SearchStrategy.Dfs) checkOptions = checkOptions with { Strategy = Exploration.SearchStrategy.Bfs };
            using var interruption = new Interruption();
            StartupClock.CheckStarted();
            var result = spread
                ? RunOnCluster(path, checkOptions with { CancellationToken = interruption.Token }, silosCount, clusterText, error)
                : ProgressDisplay.Run(Path.GetFileName(path),
                    progress => ModelChecker.CheckFile(path, checkOptions with { Progress = progress, CancellationToken = interruption.Token }));
            StartupClock.CheckEnded();
            var exit = ResultWriter.Write(result, output, error, requested, checkOptions, parse.GetValue(verbose));
            StartupClock.Report(error, result.Statistics.Seconds);
            return exit;
        });
        return command;
    }

    // The cluster's code (Lockstep.Cluster, Orleans) is reached only through these two methods, so a local check never
    // loads those assemblies (docs/performance.md, "Start-up").
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckClusterAddress(string text) => SiloCommand.Parse(text);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CheckResult RunOnCluster(string path, CheckOptions options, int? silos, string? cluster, TextWriter error) =>
        ClusterCheck.Run(path, options, silos, cluster is null ? null : SiloCommand.Parse(cluster), error);
}
