namespace Lockstep.Exploration;

/// <summary>The one entry point: <c>Search.Run(system, options)</c>.</summary>
public static class Search
{
    public static SearchResult Run(ITransitionSystem system, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        options ??= SearchOptions.Default;
        if (options.Workers < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Workers must be at least 1");
        if (options.MaxDepth < 0 || options.MaxStates < 0 || options.MaxMemoryBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "bounds must not be negative");
        if (options.Schedules < 0 || options.PctDepth < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Schedules must not be negative and PctDepth must be at least 1");
        if (options.Strategy == SearchStrategy.Replay && options.ReplayPath is null)
            throw new ArgumentException("Replay needs SearchOptions.ReplayPath", nameof(options));

        var context = new SearchContext(system, options);
        int seed = options.Seed ?? Random.Shared.Next();
        ISearchStrategy strategy = options.Strategy switch
        {
            SearchStrategy.Dfs when options.Workers == 1 => new DepthFirstStrategy(),
            SearchStrategy.Dfs => new ParallelDepthFirstStrategy(),
            SearchStrategy.Bfs => new BreadthFirstStrategy(),
            SearchStrategy.Random => new ScheduleSampler(w => new RandomStrategy(unchecked(seed + w)), options.Schedules, seed, options.Workers),
            SearchStrategy.Pct => new ScheduleSampler(w => new PctStrategy(unchecked(seed + w), options.PctDepth), options.Schedules, seed, options.Workers),
            SearchStrategy.Replay => new ScheduleSampler(_ => new ReplayStrategy(options.ReplayPath!), 1, null),
            _ => throw new ArgumentOutOfRangeException(nameof(options), $"unknown strategy {options.Strategy}"),
        };
        return strategy.Explore(context);
    }
}
