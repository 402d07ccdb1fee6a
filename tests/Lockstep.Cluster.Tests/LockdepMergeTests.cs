using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Cluster.Tests;

/// <summary>
/// Lockdep's graph is global to a search, not part of a state: a circular dependency whose halves were explored on
/// different silos is still reported, with the one-process bug kind and trace length.
/// </summary>
public sealed class LockdepMergeTests(ThreeSilos fixture) : IClassFixture<ThreeSilos>
{
    private static readonly string Model = Path.Combine(AppContext.BaseDirectory, "Models", "split_abba.c");
    private static readonly int[] Salts = [0, 1, 2, 3, 4, 5];

    [Fact]
    public void Halves_recorded_in_one_level_on_different_silos_are_found_by_comparing_their_graphs()
    {
        var crossPartition = 0;
        foreach (var salt in Salts)
        {
            var search = new ClusterSearch(fixture.Silos.Client);
            AssertSameInversion(search, new CheckOptions { Strategy = SearchStrategy.Bfs, Defines = [$"SALT={salt}"] });
            crossPartition += search.LastRun.CrossPartitionBugs;
        }
        // Which silo records which half depends on the fingerprints; over six salts on three silos some split them.
        Assert.True(crossPartition > 0, "no salt put the two halves on different silos: the barrier recheck was not exercised");
    }

    [Fact]
    public void A_half_recorded_levels_later_on_another_silo_sees_the_first_half_merged_at_the_barrier()
    {
        foreach (var salt in Salts)
            AssertSameInversion(new ClusterSearch(fixture.Silos.Client), new CheckOptions { Strategy = SearchStrategy.Bfs, Defines = [$"SALT={salt}", "LATE"] });
    }

    private static void AssertSameInversion(ClusterSearch search, CheckOptions options)
    {
        var one = ModelChecker.CheckFile(Model, options);
        var spread = search.CheckFile(Model, options);
        Assert.Equal(Verdict.Bug, one.Verdict);
        Assert.Equal(Verdict.Bug, spread.Verdict);
        Assert.Equal("circular-locking", spread.Bugs[0].Kind);
        Assert.Equal(one.Bugs[0].Kind, spread.Bugs[0].Kind);
        Assert.Equal(one.Bugs[0].Trace.Count, spread.Bugs[0].Trace.Count);
        Assert.Contains("lock_a", spread.Bugs[0].LockCycle);
        Assert.Contains("lock_b", spread.Bugs[0].LockCycle);
        // The merged graph reaches the result: the half that was recorded (which one depends on the order the halves were
        // met in, as in one process) is in its lock graph.
        Assert.Contains(spread.LockGraph.Edges, e => (spread.LockGraph.Classes[e.From], spread.LockGraph.Classes[e.To]) is ("lock_a", "lock_b") or ("lock_b", "lock_a"));
    }
}
