using Lockstep.Testing;

namespace Lockstep.Cli.Tests;

/// <summary>The replay files shipped with the findings in docs/findings/ reproduce their bug from a fresh clone.</summary>
public sealed class FindingReplayTests
{
    [Fact]
    public void TheIntervalTreeFindingReplays()
    {
        var replay = Path.Combine(RepositoryPaths.Root, "docs", "findings", "itree-hlist-unwind.replay.json");
        var (code, output, err) = CliRunner.Run("replay", replay);
        Assert.True(code == 1, output + err);
        Assert.Contains("replay: reproduced the recorded bug (deadlock", output + err);
        Assert.Contains("kworker/u8:1 on wait_event() (never woken)", output);
    }
}
