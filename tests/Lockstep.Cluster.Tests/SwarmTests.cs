using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Cluster.Tests;

/// <summary>Random and PCT spread as a swarm: each silo samples with its own seed; the first bug comes back with the
/// seed that finds it again in one process.</summary>
public sealed class SwarmTests(ThreeSilos fixture) : IClassFixture<ThreeSilos>
{
    [Theory]
    [InlineData(SearchStrategy.Random)]
    [InlineData(SearchStrategy.Pct)]
    public void The_first_bug_comes_with_a_seed_that_reproduces_it_in_one_process(SearchStrategy strategy)
    {
        var model = Path.Combine(RepositoryPaths.Models, "examples", "counter_racy.c");
        var options = new CheckOptions { Strategy = strategy, Seed = 100, Schedules = 300 };
        var spread = new ClusterSearch(fixture.Silos.Client).CheckFile(model, options);
        Assert.Equal(Verdict.Bug, spread.Verdict);
        Assert.Equal("assertion", spread.Bugs[0].Kind);
        Assert.InRange(spread.Seed!.Value, 100, 102);
        // The silo's share with that seed, in one process: the same schedule to the same bug.
        var one = ModelChecker.CheckFile(model, options with { Seed = spread.Seed, Schedules = 100 });
        Assert.Equal(Verdict.Bug, one.Verdict);
        Assert.Equal(one.Bugs[0].Path, spread.Bugs[0].Path);
    }

    [Fact]
    public void A_bug_free_model_is_sampled_on_every_silo_and_stays_incomplete()
    {
        var model = Path.Combine(RepositoryPaths.Models, "examples", "counter_locked.c");
        var spread = new ClusterSearch(fixture.Silos.Client).CheckFile(model, new CheckOptions { Strategy = SearchStrategy.Random, Seed = 7, Schedules = 30 });
        Assert.Equal(Verdict.Incomplete, spread.Verdict);
        Assert.Contains("(30)", spread.IncompleteReason);
    }
}
