namespace Lockstep.Exploration;

/// <summary>Everything that parameterises one search. Immutable; derive variants with <c>with</c>.</summary>
public record SearchOptions
{
    public static SearchOptions Default { get; } = new();

    /// <summary>Length of one random/PCT schedule when <see cref="MaxDepth"/> is not set: a sampled run must end.</summary>
    public const int DefaultScheduleLength = 10_000;

    public SearchStrategy Strategy { get; init; } = SearchStrategy.Dfs;

    /// <summary>Persistent sets, sleep sets and the cycle proviso (the depth-first searches, one worker or several; BFS never reduces).</summary>
    public bool PartialOrderReduction { get; init; } = true;

    /// <summary>
    /// Step merging (docs/step-merging.md): an access to a cell guarded by a lock the thread holds, and the release of
    /// such a lock, run in the same transition as the visible step before them. The discipline is checked during the
    /// search; a class that breaks it is searched again without merging. On by default.
    /// </summary>
    public bool StepMerging { get; init; } = true;

    /// <summary>Look for fair cycles nothing progresses in (depth-first search only; on by default).</summary>
    public bool NonProgress { get; init; } = true;

    /// <summary>Stop with Incomplete(StateLimit) rather than store more distinct states than this.</summary>
    public long? MaxStates { get; init; }

    /// <summary>States at this depth are not expanded; if any had a successor the verdict is Incomplete(DepthLimit).</summary>
    public int? MaxDepth { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Budget of the whole process while it searches (the fingerprint store, the search stack, model objects, and
    /// whatever else the process holds); exceeding it stops with Incomplete(MemoryLimit). Null: three quarters of the
    /// memory available to the process (<see cref="DefaultMemoryBudget"/>).
    /// </summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>The budget when none is given: three quarters of what the GC sees as available (a container's limit included).</summary>
    public static long DefaultMemoryBudget => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;

    /// <summary>Parallel workers, each with its own executor, sharing one fingerprint store.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>How many steps a busy worker of the parallel depth-first search runs between two looks for a hungry
    /// worker to give work to. Tests set 1, so that work moves between workers at every step.</summary>
    internal int WorkSharingInterval { get; init; } = 256;

    /// <summary>Seed for Random and PCT; when null one is drawn and returned in <see cref="SearchResult.Seed"/>.</summary>
    public int? Seed { get; init; }

    /// <summary>Number of schedules Random and PCT run.</summary>
    public int Schedules { get; init; } = 1000;

    /// <summary>PCT bug depth d: d-1 priority change points per schedule.</summary>
    public int PctDepth { get; init; } = 3;

    public bool StopAtFirstBug { get; init; } = true;

    public CancellationToken CancellationToken { get; init; }

    public Action<SearchProgress>? Progress { get; init; }

    /// <summary>The transitions Replay follows.</summary>
    public IReadOnlyList<Transition>? ReplayPath { get; init; }

    /// <summary>For the replay of a lasso: how many transitions of <see cref="ReplayPath"/> lead to the loop; the replay
    /// reproduces the cycle when its last state is the state it reached after them.</summary>
    public int? ReplayLoopStart { get; init; }
}
