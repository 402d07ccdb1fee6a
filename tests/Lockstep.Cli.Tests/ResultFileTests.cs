using System.Text.Json;
using Lockstep.Testing;
using static Lockstep.Cli.Tests.CliRunner;

namespace Lockstep.Cli.Tests;

/// <summary>Every file the CLI writes validates against its schema, for every verdict; replay files reproduce or refuse.</summary>
public sealed class ResultFileTests
{
    [Theory]
    [InlineData("counter_locked.c", 0, "ok")]
    [InlineData("counter_racy.c", 1, "bug")]
    [InlineData("abba_mutex.c", 1, "bug")]
    public void SarifAndJsonValidateForEachVerdict(string example, int exit, string verdict)
    {
        var dir = TempDir();
        var (code, _, _) = Run("check", Example(example), "--sarif", Path.Combine(dir, "r.sarif"), "--json", Path.Combine(dir, "r.json"));
        Assert.Equal(exit, code);
        var sarif = File.ReadAllText(Path.Combine(dir, "r.sarif"));
        Schemas.AssertValidSarif(sarif);
        var json = File.ReadAllText(Path.Combine(dir, "r.json"));
        Schemas.AssertValidReport(json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(verdict, doc.RootElement.GetProperty("verdict").GetString());
        if (exit == 1) Schemas.AssertValidReplay(File.ReadAllText(Path.Combine(dir, "r.replay.json")));
    }

    [Fact]
    public void SarifOfAnIncompleteCheckValidatesAndSaysItIsIncomplete()
    {
        var sarif = Path.Combine(TempDir(), "r.sarif");
        var (code, _, _) = Run("check", Example("counter_locked.c"), "--max-states", "3", "--sarif", sarif);
        Assert.Equal(3, code);
        var text = File.ReadAllText(sarif);
        Schemas.AssertValidSarif(text);
        Assert.Contains("\"executionSuccessful\": false", text);
        Assert.Contains("no result does not mean no bug", text);
    }

    [Fact]
    public void SarifOfAModelErrorValidatesAndCarriesTheDiagnostic()
    {
        var dir = TempDir();
        var model = Path.Combine(dir, "broken.c");
        File.WriteAllText(model, "int main(void)\n{\n\treturn undefined_thing;\n}\n");
        var (code, _, _) = Run("check", model, "--sarif", Path.Combine(dir, "r.sarif"));
        Assert.Equal(2, code);
        var text = File.ReadAllText(Path.Combine(dir, "r.sarif"));
        Schemas.AssertValidSarif(text);
        Assert.Contains("broken.c:3:", text);
        Assert.Contains("\"exitCode\": 2", text);
    }

    [Fact]
    public void VersionIsTheOneRecordedInEveryFile()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal(0, code);
        var version = output.Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        var dir = TempDir();
        Run("check", Example("counter_racy.c"), "--sarif", Path.Combine(dir, "r.sarif"), "--json", Path.Combine(dir, "r.json"));
        Assert.Contains($"\"toolVersion\": \"{version}\"", File.ReadAllText(Path.Combine(dir, "r.json")));
        Assert.Contains($"\"toolVersion\": \"{version}\"", File.ReadAllText(Path.Combine(dir, "r.replay.json")));
        Assert.Contains($"\"version\": \"{version}\"", File.ReadAllText(Path.Combine(dir, "r.sarif")));
    }

    /// <summary>A copy of a seed model with its replay file, in a fresh folder.</summary>
    private static (string Dir, string Model, string Replay) Recorded(string example)
    {
        var dir = TempDir();
        var model = Path.Combine(dir, example);
        File.Copy(Example(example), model);
        var replay = Path.Combine(dir, "bug.replay.json");
        var (code, _, _) = Run("check", model, "--trace-out", replay);
        Assert.Equal(1, code);
        return (dir, model, replay);
    }

    [Fact]
    public void AReplayFileMovedWithItsModelStillReproduces()
    {
        var (dir, _, _) = Recorded("counter_racy.c");
        var moved = Path.Combine(TempDir(), "elsewhere");
        Directory.Move(dir, moved);
        var text = File.ReadAllText(Path.Combine(moved, "bug.replay.json"));
        Assert.Contains("\"path\": \"counter_racy.c\"", text);
        var (code, output, err) = Run("replay", Path.Combine(moved, "bug.replay.json"));
        Assert.True(code == 1, err);
        Assert.Contains("replay: reproduced the recorded bug (assertion in main() on thread main)", output);
    }

    [Fact]
    public void AReplayOfAChangedModelExitsTwoSayingWhatChanged()
    {
        var (_, model, replay) = Recorded("counter_racy.c");
        File.AppendAllText(model, "\n/* edited */\n");
        var (code, output, err) = Run("replay", replay);
        Assert.Equal(2, code);
        Assert.Contains("counter_racy.c' changed since the bug was recorded", err);
        Assert.DoesNotContain("verdict: bug", output);
    }

    [Fact]
    public void AReplayThatReachesAnotherBugExitsTwoNamingBoth()
    {
        var (_, _, replay) = Recorded("counter_racy.c");
        var text = File.ReadAllText(replay).Replace("\"function\": \"main\"", "\"function\": \"worker\"", StringComparison.Ordinal);
        File.WriteAllText(replay, text);
        var (code, _, err) = Run("replay", replay);
        Assert.Equal(2, code);
        Assert.Contains("reproduced assertion in main() on thread main, not the recorded assertion in worker() on thread main", err);
    }

    [Fact]
    public void AReplayFromAnotherToolVersionIsRefused()
    {
        var (_, _, replay) = Recorded("counter_racy.c");
        using (var doc = JsonDocument.Parse(File.ReadAllText(replay)))
        {
            var version = doc.RootElement.GetProperty("toolVersion").GetString()!;
            File.WriteAllText(replay, File.ReadAllText(replay).Replace($"\"toolVersion\": \"{version}\"", "\"toolVersion\": \"0.0.1-old\"", StringComparison.Ordinal));
        }
        var (code, _, err) = Run("replay", replay);
        Assert.Equal(2, code);
        Assert.Contains("recorded by lockstep 0.0.1-old", err);
    }

    [Fact]
    public void AMalformedReplayNamesTheField()
    {
        var (_, _, replay) = Recorded("counter_racy.c");
        File.WriteAllText(replay, File.ReadAllText(replay).Replace("\"schedule\": [", "\"schedule\": [\"oops\", ", StringComparison.Ordinal));
        var (code, _, err) = Run("replay", replay);
        Assert.Equal(2, code);
        Assert.Contains("schedule[0]: expected an array", err);
        Assert.DoesNotContain("internal error", err);
    }
}
