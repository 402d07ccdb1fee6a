using Lockstep.Exploration;

namespace Lockstep.Checker;

/// <summary>
/// How to load and check a model: the preprocessor inputs and kernel configuration, plus every search option
/// (strategy, reduction, bounds, workers, seed, cancellation, progress) inherited from <see cref="SearchOptions"/>.
/// </summary>
public sealed record CheckOptions : SearchOptions
{
    /// <summary>-D NAME[=VALUE].</summary>
    public IReadOnlyList<string> Defines { get; init; } = [];
    /// <summary>--config X: defines CONFIG_X and switches the matching kernel semantics.</summary>
    public IReadOnlyList<string> Configs { get; init; } = [];
    /// <summary>-I DIR, searched before models/include.</summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>
    /// After a depth-first search finds a bug, shorten its interleaving: leave out the steps the bug does not depend on,
    /// then look for a shorter one to the same bug breadth-first (bounded: no deeper than the one found, at most
    /// <see cref="ShortestSearchStates"/> states or twice as many as the search stored, whichever is more, and at most
    /// <see cref="ShortestSearchBudget"/>), and report that one.
    /// </summary>
    public bool ShortenCounterexamples { get; init; } = true;
    public TimeSpan ShortestSearchBudget { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>The breadth-first shortening may always store this many states (a bound in states, not seconds, so that
    /// the trace a check prints does not depend on the machine's speed; see <see cref="ShortenCounterexamples"/>).</summary>
    public long ShortestSearchStates { get; init; } = 50_000;

    /// <summary>Record which lines and branch sides the search reached (on by default; it costs a store per instruction).</summary>
    public bool Coverage { get; init; } = true;

    /// <summary>
    /// The footprint audit (a checking mode for tests): every primitive's actual reads and writes of the machine state
    /// are compared with the footprint it declares, and an access outside it throws a
    /// <see cref="Machine.Execution.FootprintViolationException"/> naming the primitive. Slower; off by default.
    /// </summary>
    public bool AuditFootprints { get; init; }

    /// <summary>How many allocations may fail on one thread's path (<c>--max-alloc-failures</c>); each failure the kernel
    /// allows is a choice of the search, up to this many per thread.</summary>
    public int MaxAllocFailures { get; init; } = Kernel.KernelConfig.DefaultMaxAllocFailures;

    /// <summary>The model's files as another machine sent them: compile from these texts instead of the disk.</summary>
    public ShippedModel? Shipped { get; init; }

    /// <summary>
    /// Runs the search instead of <see cref="Search.Run"/> (e.g. spread over a cluster). It gets the compiled program
    /// and what the result is assembled from, and must leave in them what it learnt: coverage reached, lockdep's graph.
    /// </summary>
    public Func<SearchRequest, SearchResult>? ExternalSearch { get; init; }

    /// <summary>What <see cref="ExternalSearch"/> is, in words, for the reports' "search:" line.</summary>
    public string? ExternalSearchDescription { get; init; }

    /// <summary>How many threads and memory objects one state may hold (<c>--max-threads</c>, <c>--max-objects</c>).</summary>
    public Machine.Execution.MachineLimits Limits { get; init; } = Machine.Execution.MachineLimits.Default;

    /// <summary>Location classes (by name) left out of step merging from the start: those a recorded check fell back
    /// for, so that its replay merges the same way.</summary>
    public IReadOnlyList<string> MergeFallbackClasses { get; init; } = [];

    /// <summary>The search options; a replay schedule makes the strategy Replay.</summary>
    internal SearchOptions ToSearchOptions() => ReplayPath is null ? this : this with { Strategy = SearchStrategy.Replay };
}
