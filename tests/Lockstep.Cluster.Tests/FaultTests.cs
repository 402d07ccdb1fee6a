using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Cluster.Tests;

/// <summary>A silo that dies mid-search takes its partition of the visited states with it: the verdict is incomplete,
/// never ok.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Killing_a_silo_between_levels_gives_incomplete_not_ok()
    {
        await using var silos = await InProcessCluster.Start(3);
        var model = Path.Combine(RepositoryPaths.Models, "examples", "scalable_counters.c");
        var victim = silos.Cluster.SecondarySilos[^1];
        var search = new ClusterSearch(silos.Client)
        {
            AfterLevel = async depth =>
            {
                if (depth == 3) await silos.Cluster.KillSiloAsync(victim);
            },
        };
        var result = await Task.Run(() => search.CheckFile(model, new CheckOptions { Strategy = SearchStrategy.Bfs }));
        Assert.Equal(Verdict.Incomplete, result.Verdict);
        Assert.Contains("left the cluster", result.IncompleteReason);
        Assert.Contains("incomplete", result.IncompleteReason);
    }
}
