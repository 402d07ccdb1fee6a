using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Cluster.Tests;

/// <summary>
/// A search spread over three silos agrees with the one-process breadth-first search: the same verdict, the same
/// number of distinct states when nothing goes wrong, the same bug kind and a trace of the same length when something
/// does.
/// </summary>
public sealed class AgreementTests(ThreeSilos fixture) : IClassFixture<ThreeSilos>
{
    private static readonly CheckOptions Bfs = new() { Strategy = SearchStrategy.Bfs };

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Models, "examples"), "*.c", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepositoryPaths.Models, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_has_the_one_process_verdict_state_count_and_bug(string model) =>
        AssertAgrees(Path.Combine(RepositoryPaths.Models, model), Bfs);

    [Fact]
    public void Bug_free_peer_protocol_has_the_one_process_state_count()
    {
        var result = AssertAgrees(Path.Combine(RepositoryPaths.Root, "bench", "peers", "lockstep", "invalidate_fault_memslot.c"), Bfs with { MaxAllocFailures = 0 });
        Assert.Equal(Verdict.Ok, result.Verdict);
    }

    [Fact]
    public void Peer_protocol_with_failing_allocations_has_the_one_process_bug_kind_and_trace_length()
    {
        var result = AssertAgrees(Path.Combine(RepositoryPaths.Root, "bench", "peers", "lockstep", "invalidate_fault_memslot.c"), Bfs);
        Assert.Equal(Verdict.Bug, result.Verdict);
    }

    private CheckResult AssertAgrees(string path, CheckOptions options)
    {
        // A cluster does not merge steps: the one-process search to compare with does not either.
        var one = ModelChecker.CheckFile(path, options with { StepMerging = false });
        var spread = new ClusterSearch(fixture.Silos.Client).CheckFile(path, options);
        Assert.Equal(one.Verdict, spread.Verdict);
        if (one.Verdict == Verdict.Ok)
        {
            Assert.Equal(one.Statistics.States, spread.Statistics.States);
            Assert.Equal(one.Statistics.MaxDepth, spread.Statistics.MaxDepth);
        }
        if (one.Verdict == Verdict.Bug)
        {
            Assert.Equal(one.Bugs[0].Kind, spread.Bugs[0].Kind);
            Assert.Equal(one.Bugs[0].Trace.Count, spread.Bugs[0].Trace.Count);
            Assert.Equal(one.Bugs[0].Path.Count, spread.Bugs[0].Path.Count);
        }
        return spread;
    }
}
