using System.CommandLine;
using Lockstep.Checker;
using Lockstep.Exploration;

namespace Lockstep.Cli;

/// <summary>The search's strategy and bounds.</summary>
internal sealed class SearchOptionSet
{
    private readonly Option<string> _search = new("--search") { Description = "dfs (default), bfs (shortest counterexample), random, pct.", DefaultValueFactory = _ => "dfs" };
    private readonly Option<bool> _noPor = new("--no-por") { Description = "Disable partial-order reduction." };
    private readonly Option<long?> _maxStates = new("--max-states") { Description = "Stop (verdict incomplete) after this many distinct states." };
    private readonly Option<int?> _maxDepth = new("--max-depth") { Description = "Cut paths longer than this (verdict incomplete if any was cut)." };
    private readonly Option<double?> _timeout = new("--timeout") { Description = "Stop after this many seconds (verdict incomplete)." };
    private readonly Option<long?> _maxMemory = new("--max-memory") { Description = "Memory the whole process may use while it searches, in MiB (default: three quarters of the available memory; verdict incomplete when reached)." };
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
