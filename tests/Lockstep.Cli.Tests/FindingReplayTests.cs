using Lockstep.Testing;

namespace Lockstep.Cli.Tests;

/// <summary>The replay files shipped with the findings in docs/findings/ reproduce their bug from a fresh clone.</summary>
public sealed class FindingReplayTests
{
    [Theory]
    [InlineData("itree-hlist-unwind.replay.json", "replay: reproduced the recorded bug (deadlock", "kworker/u8:1 on wait_event() (never woken)")]
    [InlineData("itree-deferred-remove.replay.json", "replay: reproduced the recorded bug (use-after-free", "BUG: KASAN: slab-use-after-free in mn_itree_inv_end")]
    public void AFindingReplays(string file, string reproduced, string report)
    {
        var replay = Path.Combine(RepositoryPaths.Root, "docs", "findings", file);
        var (code, output, err) = CliRunner.Run("replay", replay);
        Assert.True(code == 1, output + err);
        Assert.Contains(reproduced, output + err);
        Assert.Contains(report, output);
    }
}
