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
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"model file '{path}' does not exist");
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var checkOptions = search.Apply(parse, options.Apply(parse, new CheckOptions())) with { CancellationToken = cancel.Token };
                var result = ProgressDisplay.Run(Path.GetFileName(path), progress => ModelChecker.CheckFile(path, checkOptions with { Progress = progress }));
                if (parse.GetValue(sarif) is { } sarifPath) Reports.AtomicFile.WriteAllText(sarifPath, Reports.SarifReport.Render(result));
                if (parse.GetValue(html) is { } htmlPath) Reports.AtomicFile.WriteAllText(htmlPath, Reports.HtmlReport.Render(result));
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

/// <summary>-D, --config and -I: what the model is compiled with.</summary>
internal sealed class ModelOptions
{
    public readonly Option<string[]> Defines = new("--define", "-D") { Description = "Define a preprocessor macro: NAME or NAME=VALUE (selects a model variant)." };
    public readonly Option<string[]> Configs = new("--config") { Description = "Enable kernel config X: defines CONFIG_X and switches its semantics (PREEMPT_RT, PROVE_RAW_LOCK_NESTING, RTLOCK_IN_NON_BLOCK, QUEUED_RWLOCKS, NO_LOCKDEP)." };
    public readonly Option<string[]> Includes = new("--include-dir", "-I") { Description = "Add a directory to the #include search path." };

    public void AddTo(Command command)
    {
        command.Options.Add(Defines);
        command.Options.Add(Configs);
        command.Options.Add(Includes);
    }

    public CheckOptions Apply(ParseResult parse, CheckOptions options) => options with
    {
        Defines = parse.GetValue(Defines) ?? [],
        Configs = parse.GetValue(Configs) ?? [],
        IncludeDirectories = parse.GetValue(Includes) ?? [],
    };
}

/// <summary>The search's strategy and bounds.</summary>
internal sealed class SearchOptionSet
{
    private readonly Option<string> _search = new("--search") { Description = "dfs (default), bfs (shortest counterexample), random, pct.", DefaultValueFactory = _ => "dfs" };
    private readonly Option<bool> _noPor = new("--no-por") { Description = "Disable partial-order reduction." };
    private readonly Option<long?> _maxStates = new("--max-states") { Description = "Stop (verdict incomplete) after this many distinct states." };
    private readonly Option<int?> _maxDepth = new("--max-depth") { Description = "Cut paths longer than this (verdict incomplete if any was cut)." };
    private readonly Option<double?> _timeout = new("--timeout") { Description = "Stop after this many seconds (verdict incomplete)." };
    private readonly Option<long?> _maxMemory = new("--max-memory") { Description = "Memory for the state store, in MiB (verdict incomplete when full)." };
    private readonly Option<int?> _workers = new("--workers") { Description = "Search threads (default 1)." };
    private readonly Option<int?> _seed = new("--seed") { Description = "Seed for random and pct." };
    private readonly Option<int?> _schedules = new("--schedules") { Description = "Schedules to sample with random and pct (default 1000)." };
    private readonly Option<bool> _audit = new("--audit-footprints") { Description = "Check every primitive's accesses against its declared footprint (slow; for testing the checker)." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _search, _noPor, _maxStates, _maxDepth, _timeout, _maxMemory, _workers, _seed, _schedules, _audit })
            command.Options.Add(o);
    }

    public CheckOptions Apply(ParseResult parse, CheckOptions options)
    {
        var strategy = parse.GetValue(_search) switch
        {
            "dfs" => SearchStrategy.Dfs,
            "bfs" => SearchStrategy.Bfs,
            "random" => SearchStrategy.Random,
            "pct" => SearchStrategy.Pct,
            var other => throw new UsageException($"--search: unknown strategy '{other}' (expected dfs, bfs, random or pct)"),
        };
        long? Positive(Option<long?> o, string name) => parse.GetValue(o) is { } v && v <= 0 ? throw new UsageException($"{name} must be positive") : parse.GetValue(o);
        var maxStates = Positive(_maxStates, "--max-states");
        var maxMemory = Positive(_maxMemory, "--max-memory");
        if (parse.GetValue(_maxDepth) is <= 0) throw new UsageException("--max-depth must be positive");
        if (parse.GetValue(_timeout) is <= 0) throw new UsageException("--timeout must be positive");
        if (parse.GetValue(_workers) is <= 0) throw new UsageException("--workers must be positive");
        if (parse.GetValue(_schedules) is <= 0) throw new UsageException("--schedules must be positive");
        return options with
        {
            Strategy = strategy,
            PartialOrderReduction = !parse.GetValue(_noPor),
            MaxStates = maxStates,
            MaxDepth = parse.GetValue(_maxDepth),
            Timeout = parse.GetValue(_timeout) is { } t ? TimeSpan.FromSeconds(t) : null,
            MaxMemoryBytes = maxMemory is { } m ? m * 1024 * 1024 : null,
            Workers = parse.GetValue(_workers) ?? 1,
            Seed = parse.GetValue(_seed),
            Schedules = parse.GetValue(_schedules) ?? 1000,
            AuditFootprints = parse.GetValue(_audit),
        };
    }
}
