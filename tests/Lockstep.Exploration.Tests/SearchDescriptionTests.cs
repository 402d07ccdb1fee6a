namespace Lockstep.Exploration.Tests;

/// <summary>Every report names the search that ran: the same request with more workers is a different search.</summary>
public sealed class SearchDescriptionTests
{
    [Fact]
    public void TheDefaultIsTheSequentialDepthFirstSearchWithItsReductionAndLiveness() =>
        Assert.Equal("stateful depth-first, 1 worker, partial-order reduction (persistent + sleep sets, cycle proviso), step merging, non-progress checked",
            SearchDescription.Of(SearchOptions.Default));

    [Fact]
    public void DepthFirstWithWorkersIsTheParallelSearchWithoutLiveness() =>
        Assert.Equal("parallel stateful depth-first, 2 workers, partial-order reduction (persistent + sleep sets, cycle proviso over every worker's unfinished states), step merging, non-progress not checked",
            SearchDescription.Of(new SearchOptions { Workers = 2 }));

    [Theory]
    [InlineData(SearchStrategy.Bfs, "breadth-first, 1 worker, no partial-order reduction, step merging")]
    [InlineData(SearchStrategy.Random, "random sampling, 1,000 schedules, step merging")]
    [InlineData(SearchStrategy.Pct, "PCT sampling (depth 3), 1,000 schedules, step merging")]
    public void OtherStrategiesSayWhatTheyAre(SearchStrategy strategy, string expected) =>
        Assert.Equal(expected, SearchDescription.Of(new SearchOptions { Strategy = strategy }));

    [Fact]
    public void SwitchesThatChangeTheSearchAreNamed() =>
        Assert.Equal("stateful depth-first, 1 worker, no partial-order reduction, non-progress not checked",
            SearchDescription.Of(new SearchOptions { PartialOrderReduction = false, StepMerging = false, NonProgress = false }));
}
