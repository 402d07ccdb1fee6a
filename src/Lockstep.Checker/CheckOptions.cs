using Lockstep.Exploration;

namespace Lockstep.Checker;

/// <summary>How to load and check a model: preprocessor inputs, kernel configuration, and the search.</summary>
public sealed record CheckOptions
{
    /// <summary>-D NAME[=VALUE].</summary>
    public IReadOnlyList<string> Defines { get; init; } = [];
    /// <summary>--config X: defines CONFIG_X and switches the matching kernel semantics.</summary>
    public IReadOnlyList<string> Configs { get; init; } = [];
    /// <summary>-I DIR, searched before models/include.</summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];
    public SearchStrategy Strategy { get; init; } = SearchStrategy.Dfs;
    public bool PartialOrderReduction { get; init; } = true;
    public long? MaxStates { get; init; }
    public int? MaxDepth { get; init; }
    public TimeSpan? Timeout { get; init; }
    public long? MaxMemoryBytes { get; init; }
    public int Workers { get; init; } = 1;
    public int? Seed { get; init; }
    public int Schedules { get; init; } = 1000;
    public int PctDepth { get; init; } = 3;
    public CancellationToken CancellationToken { get; init; }
    public Action<SearchProgress>? Progress { get; init; }
    /// <summary>For replay: the schedule to follow.</summary>
    public IReadOnlyList<Transition>? ReplayPath { get; init; }

    internal SearchOptions ToSearchOptions() => new()
    {
        Strategy = ReplayPath is null ? Strategy : SearchStrategy.Replay,
        PartialOrderReduction = PartialOrderReduction,
        MaxStates = MaxStates,
        MaxDepth = MaxDepth,
        Timeout = Timeout,
        MaxMemoryBytes = MaxMemoryBytes,
        Workers = Workers,
        Seed = Seed,
        Schedules = Schedules,
        PctDepth = PctDepth,
        CancellationToken = CancellationToken,
        Progress = Progress,
        ReplayPath = ReplayPath,
    };
}
