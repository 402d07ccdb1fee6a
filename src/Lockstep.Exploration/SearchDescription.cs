using System.Globalization;

namespace Lockstep.Exploration;

/// <summary>
/// Which search ran, in words, for every report: the strategy the options select (a depth-first request with more
/// than one worker runs the parallel depth-first search, which does not look for fair cycles), its reduction, and what it checks. Two results
/// are comparable state for state only when their descriptions match.
/// </summary>
public static class SearchDescription
{
    public static string Of(SearchOptions options)
    {
        var parts = new List<string>(4);
        switch (options.Strategy)
        {
            case SearchStrategy.Dfs when options.Workers == 1:
                parts.Add("stateful depth-first, 1 worker");
                parts.Add(options.PartialOrderReduction ? "partial-order reduction (persistent + sleep sets, cycle proviso)" : "no partial-order reduction");
                break;
            case SearchStrategy.Dfs:
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"parallel stateful depth-first, {options.Workers} workers"));
                parts.Add(options.PartialOrderReduction ? "partial-order reduction (persistent + sleep sets, cycle proviso over every worker's unfinished states)" : "no partial-order reduction");
                break;
            case SearchStrategy.Bfs:
                parts.Add(options.Workers == 1 ? "breadth-first, 1 worker" : string.Create(CultureInfo.InvariantCulture, $"breadth-first, {options.Workers} workers"));
                parts.Add("no partial-order reduction");
                break;
            case SearchStrategy.Random:
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"random sampling, {options.Schedules:N0} schedules"));
                if (options.Workers > 1) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{options.Workers} workers"));
                break;
            case SearchStrategy.Pct:
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"PCT sampling (depth {options.PctDepth}), {options.Schedules:N0} schedules"));
                if (options.Workers > 1) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{options.Workers} workers"));
                break;
            case SearchStrategy.Replay:
                parts.Add("replay of one schedule");
                break;
        }
        if (options.StepMerging) parts.Add("step merging");
        if (options.Strategy == SearchStrategy.Dfs)
            parts.Add(options.NonProgress && options.Workers == 1 ? "non-progress checked" : "non-progress not checked");
        return string.Join(", ", parts);
    }
}
