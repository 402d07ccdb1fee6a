using System.Globalization;
using System.Text.RegularExpressions;
using static Lockstep.Cli.Tests.CliRunner;

namespace Lockstep.Cli.Tests;

/// <summary>
/// What start-up work the command line leaves out must not show: only the command being run is built in full
/// (<c>LockstepCommand</c>), and <c>LOCKSTEP_TIMINGS</c> (the start-up benchmark's) adds one stderr line and nothing else.
/// </summary>
[Collection(WorkingDirectory.Collection)]
public sealed class StartupTests
{
    [Fact]
    public void RootHelpListsEveryCommandWithItsArgument()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (var line in new[] { "check <file>", "replay <file>", "matrix <file>", "explain <kind>", "list", "silo" })
            Assert.Matches(new Regex($@"^\s+{Regex.Escape(line)}\s+\S", RegexOptions.Multiline), output);
    }

    [Theory]
    [InlineData("check", "--search")]
    [InlineData("replay", "--verbose")]
    [InlineData("matrix", "--variants")]
    [InlineData("explain", "<kind>")]
    [InlineData("silo", "--port")]
    public void EachCommandsHelpShowsItsOwnOptions(string command, string option)
    {
        var (code, output, _) = Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains(option, output);
    }

    [Fact]
    public void AMisspeltCommandIsAUsageError()
    {
        var (code, _, error) = Run("chek", Example("counter_locked.c"));
        Assert.Equal(2, code);
        Assert.Contains("'chek'", error);
    }

    [Fact]
    public async Task TimingsLineOnlyWhenAsked()
    {
        var launched = ((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture);
        using var timed = StartWith(new Dictionary<string, string> { ["LOCKSTEP_TIMINGS"] = launched }, "check", Example("counter_locked.c"));
        var (stdout, stderr) = (timed.StandardOutput.ReadToEndAsync(), timed.StandardError.ReadToEndAsync());
        await timed.WaitForExitAsync();
        var (timedOut, timedErr) = (await stdout, await stderr);
        Assert.Equal(0, timed.ExitCode);
        Assert.Contains("verdict: ok", timedOut);
        Assert.Matches(new Regex(
            @"^timings: before-main -?[\d.]+ ms, command-line [\d.]+ ms, front-end\+traces -?[\d.]+ ms, search [\d.]+ ms, report [\d.]+ ms, jit \d+ methods [\d.]+ ms$",
            RegexOptions.Multiline), timedErr);

        var (code, output, error) = Run("check", Example("counter_locked.c"));
        Assert.Equal(0, code);
        Assert.DoesNotContain("timings:", output + error);
    }
}
