using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Lockstep.Checker;
using Lockstep.Exploration;

namespace Lockstep.Cli;

/// <summary>The search's strategy and bounds.</summary>
internal sealed class SearchOptionSet
{
    private readonly Option<string> _search = new("--search") { Description = "dfs (default), bfs (shortest counterexample), random, pct.", DefaultValueFactory = _ => "dfs" };
    private readonly Option<bool> _noPor = new("--no-por") { Description = "Disable partial-order reduction." };
    private readonly Option<bool> _noMergeSteps = new("--no-merge-steps") { Description = "Do not merge steps: by default an access to a cell guarded by a lock the thread holds, and a lock release, run in the step before them (the locking discipline is checked during the search; see docs/step-merging.md)." };
    private readonly Option<bool> _mergeSteps = new("--merge-steps") { Description = "Merge steps by the locking discipline (the default; see --no-merge-steps)." };
    private readonly Option<bool> _noLiveness = new("--no-liveness") { Description = "Do not look for non-progress cycles (busy-waits nobody ends, soft lockups); the verdict says 'non-progress not checked'." };
    private readonly Option<long?> _maxStates = Whole("--max-states", "Stop (verdict incomplete) after this many distinct states.", long.MaxValue);
    private readonly Option<int?> _maxDepth = WholeInt("--max-depth", "Cut paths longer than this (verdict incomplete if any was cut).");
    private readonly Option<double?> _timeout = new("--timeout")
    {
        Description = "Stop after this many seconds (verdict incomplete).",
        CustomParser = r => double.TryParse(Token(r), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : Invalid<double?>(r, "--timeout must be a number of seconds"),
    };
    private readonly Option<long?> _maxMemory = Whole("--max-memory", "Memory the whole process may use while it searches, in MiB (default: three quarters of the available memory; verdict incomplete when reached).", MaxMemoryMiB);
    private readonly Option<int?> _workers = new("--workers")
    {
        Description = "Search threads, or auto for one per core (default 1). Above 1, dfs: a parallel depth-first search, without the non-progress check; random, pct: schedules sampled on that many threads.",
        CustomParser = r => Token(r) == "auto" ? Environment.ProcessorCount
            : int.TryParse(Token(r), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
            : Invalid<int?>(r, FormattableString.Invariant($"--workers must be a whole number up to {int.MaxValue} or auto")),
    };
    private readonly Option<int?> _seed = WholeInt("--seed", "Seed for random and pct.");
    private readonly Option<int?> _schedules = WholeInt("--schedules", "Schedules to sample with random and pct (default 1000).");
    private readonly Option<int?> _maxAllocFailures = WholeInt("--max-alloc-failures", "Allocations that may fail on one thread's path (default 1; 0: none fails).");
    private readonly Option<bool> _keepGoing = new("--keep-going") { Description = "Go on after the first bug and report every distinct bug (kind, thread, place), each with its own trace." };
    private readonly Option<int?> _maxThreads = WholeInt("--max-threads", $"Threads one state may hold (default {Machine.Execution.MachineLimits.DefaultMaxThreads}, at most {MaxThreadsLimit}); paths past it are cut (verdict incomplete).");
    private readonly Option<int?> _maxObjects = WholeInt("--max-objects", $"Memory objects one state may hold (default {Machine.Execution.MachineLimits.DefaultMaxObjects}); paths past it are cut (verdict incomplete).");
    private readonly Option<bool> _audit = new("--audit-footprints") { Description = "Check every primitive's accesses against its declared footprint (slow; for testing the checker)." };

    // Values that do not parse get a message naming the option and what it takes, not the parser's type names.
    private static Option<long?> Whole(string name, string description, long max) => new(name)
    {
        Description = description,
        CustomParser = r => long.TryParse(Token(r), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
            : Invalid<long?>(r, FormattableString.Invariant($"{name} must be a whole number between 1 and {max}")),
    };

    internal static Option<int?> WholeInt(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => int.TryParse(Token(r), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
            : Invalid<int?>(r, FormattableString.Invariant($"{name} must be a whole number up to {int.MaxValue}")),
    };

    private static string Token(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[0].Value : "";

    private static T? Invalid<T>(ArgumentResult r, string message)
    {
        r.AddError($"{message} (got '{Token(r)}')");
        return default;
    }

    /// <summary>A year: longer is a typo, and TimeSpan overflows near 1e13 seconds.</summary>
    private const double MaxTimeoutSeconds = 365 * 24 * 3600;
    /// <summary>So the byte count (MiB × 2^20) fits a long.</summary>
    private const long MaxMemoryMiB = long.MaxValue >> 20;
    private const int MaxWorkers = 1024;
    /// <summary>Thread ids are 12 bits in a state's encoding.</summary>
    private const int MaxThreadsLimit = 4000;
    private const int MaxObjectsLimit = 1 << 20;

    internal static void InRange(string option, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
            throw new UsageException(FormattableString.Invariant($"{option} must be between {min} and {max} (got {v})"));
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _search, _noPor, _noMergeSteps, _mergeSteps, _noLiveness, _maxStates, _maxDepth, _timeout, _maxMemory, _workers, _seed, _schedules, _maxAllocFailures, _maxThreads, _maxObjects, _keepGoing, _audit })
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
        // Every value is range checked here, so none can overflow a TimeSpan or a byte count later ("internal error").
        var maxStates = parse.GetValue(_maxStates);
        var maxMemory = parse.GetValue(_maxMemory);
        var maxDepth = parse.GetValue(_maxDepth);
        var timeout = parse.GetValue(_timeout);
        var workers = parse.GetValue(_workers);
        var schedules = parse.GetValue(_schedules);
        InRange("--max-states", maxStates, 1, long.MaxValue);
        InRange("--max-memory", maxMemory, 1, MaxMemoryMiB);
        InRange("--max-depth", maxDepth, 1, int.MaxValue);
        InRange("--workers", workers, 1, MaxWorkers);
        InRange("--schedules", schedules, 1, int.MaxValue);
        InRange("--max-alloc-failures", parse.GetValue(_maxAllocFailures), 0, 64);
        var maxThreads = parse.GetValue(_maxThreads);
        var maxObjects = parse.GetValue(_maxObjects);
        InRange("--max-threads", maxThreads, 1, MaxThreadsLimit);
        InRange("--max-objects", maxObjects, 1, MaxObjectsLimit);
        if (parse.GetValue(_mergeSteps) && parse.GetValue(_noMergeSteps))
            throw new UsageException("--merge-steps and --no-merge-steps contradict each other: give one of them");
        if (timeout is { } t && (!double.IsFinite(t) || t <= 0 || t > MaxTimeoutSeconds))
            throw new UsageException(FormattableString.Invariant($"--timeout must be a number of seconds between 0 and {MaxTimeoutSeconds:0} (got {t})"));
        return options with
        {
            Strategy = strategy,
            PartialOrderReduction = !parse.GetValue(_noPor),
            StepMerging = !parse.GetValue(_noMergeSteps),
            NonProgress = !parse.GetValue(_noLiveness),
            MaxStates = maxStates ?? options.MaxStates,
            MaxDepth = maxDepth,
            Timeout = timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Timeout,
            MaxMemoryBytes = maxMemory is { } m ? m * 1024 * 1024 : null,
            Workers = workers ?? 1,
            Seed = parse.GetValue(_seed),
            Schedules = schedules ?? 1000,
            AuditFootprints = parse.GetValue(_audit),
            StopAtFirstBug = !parse.GetValue(_keepGoing),
            MaxAllocFailures = parse.GetValue(_maxAllocFailures) ?? Kernel.KernelConfig.DefaultMaxAllocFailures,
            Limits = new Machine.Execution.MachineLimits
            {
                MaxThreads = maxThreads ?? Machine.Execution.MachineLimits.DefaultMaxThreads,
                MaxObjects = maxObjects ?? Machine.Execution.MachineLimits.DefaultMaxObjects,
            },
        };
    }
}
