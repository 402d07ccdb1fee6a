using System.Diagnostics;
using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed class BoundTests
{
    private static readonly SearchOptions NoPor = new() { PartialOrderReduction = false };

    public static TheoryData<SearchStrategy, int> Exhaustive() => new()
    {
        { SearchStrategy.Dfs, 1 },
        { SearchStrategy.Bfs, 1 },
        { SearchStrategy.Dfs, 2 },
    };

    [Theory]
    [MemberData(nameof(Exhaustive))]
    public void MaxStates_BelowTheSpace_IsIncomplete(SearchStrategy strategy, int workers)
    {
        SearchResult result = Search.Run(Toys.IndependentCounters(3, 4), NoPor with { Strategy = strategy, Workers = workers, MaxStates = 50 });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.StateLimit, result.IncompleteReason);
        Assert.Equal(50, result.Statistics.States);
    }

    [Fact]
    public void MaxStates_EqualToTheSpace_IsOk()
    {
        SearchResult result = Search.Run(Toys.IndependentCounters(3, 4), NoPor with { MaxStates = 125 });

        Assert.Equal(SearchOutcome.Ok, result.Outcome);
    }

    [Theory]
    [MemberData(nameof(Exhaustive))]
    public void MaxDepth_CuttingPaths_IsIncomplete(SearchStrategy strategy, int workers)
    {
        SearchResult result = Search.Run(Toys.IndependentCounters(3, 4), NoPor with { Strategy = strategy, Workers = workers, MaxDepth = 5 });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.DepthLimit, result.IncompleteReason);
        Assert.Equal(5, result.Statistics.MaxDepth);
    }

    [Fact]
    public void MaxDepth_AtTheLongestPath_IsOk()
    {
        Assert.Equal(SearchOutcome.Ok, Search.Run(Toys.IndependentCounters(3, 4), NoPor with { MaxDepth = 12 }).Outcome);
        Assert.Equal(SearchOutcome.Ok, Search.Run(Toys.IndependentCounters(3, 4), NoPor with { MaxDepth = 12, Strategy = SearchStrategy.Bfs }).Outcome);
    }

    [Fact]
    public void MaxDepth_StillReportsABugFoundWithinIt()
    {
        SearchResult result = Search.Run(Toys.BugAtDepth(4), NoPor with { MaxDepth = 10 });

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
        Assert.Equal(SearchOutcome.Incomplete, Search.Run(Toys.BugAtDepth(4), NoPor with { MaxDepth = 3 }).Outcome);
    }

    [Theory]
    [MemberData(nameof(Exhaustive))]
    public void Timeout_IsIncomplete(SearchStrategy strategy, int workers)
    {
        var clock = Stopwatch.StartNew();
        SearchResult result = Search.Run(Toys.Huge(), NoPor with { Strategy = strategy, Workers = workers, Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.TimeLimit, result.IncompleteReason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.True(result.Statistics.States > 100);
    }

    [Fact]
    public void Timeout_StopsSampling()
    {
        SearchResult result = Search.Run(Toys.Huge(), new SearchOptions { Strategy = SearchStrategy.Random, Schedules = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(200) });

        Assert.Equal(IncompleteReason.TimeLimit, result.IncompleteReason);
    }

    [Theory]
    [MemberData(nameof(Exhaustive))]
    public void MemoryBudget_IsIncomplete(SearchStrategy strategy, int workers)
    {
        const long budget = 1 << 20;
        SearchResult result = Search.Run(Toys.Huge(), NoPor with { Strategy = strategy, Workers = workers, MaxMemoryBytes = budget });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.MemoryLimit, result.IncompleteReason);
        Assert.True(result.Statistics.StoreBytes <= budget);
        // The budget is the whole process's: below what the runtime itself holds, the search stops at its first check
        // of the process's memory if the store has not filled before.
        Assert.InRange(result.Statistics.States, 1, budget / 16);
    }

    [Fact]
    public void MemoryBudget_BoundsTheProcessNotOnlyTheStore()
    {
        // A budget the process is already over: the store is nowhere near full, the process is.
        long budget = Environment.WorkingSet / 2;
        SearchResult result = Search.Run(Toys.Huge(), NoPor with { MaxMemoryBytes = budget, Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(IncompleteReason.MemoryLimit, result.IncompleteReason);
        Assert.True(result.Statistics.StoreBytes < budget / 4, $"store {result.Statistics.StoreBytes} of {budget}");
    }

    [Fact]
    public void MemoryBudget_DefaultsToAShareOfTheMachine()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        Assert.InRange(SearchOptions.DefaultMemoryBudget, available / 2, available);
    }

    [Theory]
    [InlineData(SearchStrategy.Dfs, 1)]
    [InlineData(SearchStrategy.Bfs, 2)]
    [InlineData(SearchStrategy.Random, 1)]
    public void Cancellation_ReturnsPromptlyWithPartialStatistics(SearchStrategy strategy, int workers)
    {
        using var cancellation = new CancellationTokenSource();
        var cancelledAt = Stopwatch.StartNew();
        // A dedicated thread, not a timer: under a loaded thread pool a timer callback can be late.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(200);
            cancelledAt.Restart();
            cancellation.Cancel();
        });
        canceller.Start();

        SearchResult result = Search.Run(Toys.Huge(), NoPor with
        {
            Strategy = strategy,
            Workers = workers,
            Schedules = int.MaxValue,
            CancellationToken = cancellation.Token,
        });
        TimeSpan afterCancel = cancelledAt.Elapsed;
        canceller.Join();

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.Cancelled, result.IncompleteReason);
        Assert.True(afterCancel < TimeSpan.FromSeconds(1), $"returned {afterCancel} after cancellation");
        Assert.True(result.Statistics.States > 0);
        Assert.True(result.Statistics.Transitions > 0);
    }

    [Theory]
    [InlineData(SearchStrategy.Dfs)]
    [InlineData(SearchStrategy.Bfs)]
    [InlineData(SearchStrategy.Random)]
    public void Cancellation_BeforeTheStart_IsIncomplete(SearchStrategy strategy)
    {
        SearchResult result = Search.Run(Toys.IndependentCounters(4, 6), NoPor with { Strategy = strategy, CancellationToken = new CancellationToken(true) });

        Assert.Equal(SearchOutcome.Incomplete, result.Outcome);
        Assert.Equal(IncompleteReason.Cancelled, result.IncompleteReason);
    }

    [Fact]
    public void Cancellation_KeepsTheBugsAlreadyFound()
    {
        // A bug in the first steps, then an endless space; collect bugs until cancelled.
        Op[][] threads = Toys.Huge().Threads;
        threads[0] = [Op.AssertNot(8, 0), .. threads[0]];
        ProgramSystem system = new(9, 0, threads);
        using var cancellation = new CancellationTokenSource();
        int reports = 0;

        // Cancel from the progress callback (no timer): the first report comes after about 250 ms.
        SearchResult result = Search.Run(system, NoPor with
        {
            StopAtFirstBug = false,
            CancellationToken = cancellation.Token,
            Progress = _ => { if (++reports == 1) cancellation.Cancel(); },
        });

        Assert.Equal(SearchOutcome.Bug, result.Outcome);
        Assert.Equal(IncompleteReason.Cancelled, result.IncompleteReason);
    }

    [Fact]
    public void Progress_IsReportedAFewTimesPerSecond()
    {
        var reports = new List<SearchProgress>();
        var clock = Stopwatch.StartNew();

        Search.Run(Toys.Huge(), NoPor with { Timeout = TimeSpan.FromMilliseconds(1100), Progress = reports.Add });

        double seconds = clock.Elapsed.TotalSeconds;
        Assert.InRange(reports.Count, 2, (int)(seconds * 4) + 1);
        Assert.True(reports[^1].States > reports[0].States);
        Assert.True(reports[^1].Transitions >= reports[^1].States - 1);
    }
}
