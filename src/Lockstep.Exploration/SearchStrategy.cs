namespace Lockstep.Exploration;

/// <summary>How the state space is explored.</summary>
public enum SearchStrategy
{
    /// <summary>Stateful depth-first search with partial-order reduction (exhaustive).</summary>
    Dfs,
    /// <summary>Breadth-first search: the first counterexample is a shortest one (exhaustive).</summary>
    Bfs,
    /// <summary>Seeded random schedules (sampling: never Ok).</summary>
    Random,
    /// <summary>Seeded probabilistic concurrency testing with PctDepth priority change points (sampling: never Ok).</summary>
    Pct,
    /// <summary>Follows <see cref="SearchOptions.ReplayPath"/> exactly and reports what happens.</summary>
    Replay,
}
