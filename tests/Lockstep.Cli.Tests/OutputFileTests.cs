using System.Diagnostics;
using System.Text.Json;
using static Lockstep.Cli.Tests.CliRunner;

namespace Lockstep.Cli.Tests;

/// <summary>Result files: checked before the search, written whole, devices and FIFOs written through, signals keep the verdict.</summary>
public sealed class OutputFileTests
{
    public static TheoryData<string> OutputOptions => new() { "--json", "--sarif", "--html", "--dot", "--trace-out" };

    [Theory]
    [MemberData(nameof(OutputOptions))]
    public void ADirectoryIsRefusedBeforeTheSearchNamingTheOption(string option)
    {
        var dir = TempDir();
        var (code, output, err) = Run("check", Example("counter_racy.c"), option, dir);
        Assert.Equal(2, code);
        Assert.Contains($"{option}: cannot write '{dir}'", err);
        Assert.Contains("is a directory", err);
        Assert.DoesNotContain("verdict", output);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Theory]
    [MemberData(nameof(OutputOptions))]
    public void AMissingFolderIsRefusedBeforeTheSearchNamingTheOption(string option)
    {
        var path = Path.Combine(TempDir(), "no", "such", "out");
        var (code, output, err) = Run("check", Example("counter_racy.c"), option, path);
        Assert.Equal(2, code);
        Assert.Contains($"{option}: cannot write", err);
        Assert.Contains("does not exist", err);
        Assert.Equal("", output);
    }

    [Fact]
    public void JsonToDevStdoutFollowsTheReport()
    {
        var (code, output, _) = Run("check", Example("counter_racy.c"), "--json", "/dev/stdout");
        Assert.Equal(1, code);
        var json = output[output.IndexOf("\n{", StringComparison.Ordinal)..];
        json = json[..(json.LastIndexOf('}') + 1)];
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("bug", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Contains("verdict: bug", output);
    }

    [Fact]
    public void AFailedWriteAfterTheSearchKeepsTheVerdictNamesTheFileAndExitsTwo()
    {
        Assert.True(File.Exists("/dev/full"), "this test needs Linux's /dev/full");
        var (code, output, err) = Run("check", Example("counter_racy.c"), "--json", "/dev/full");
        Assert.Equal(2, code);
        Assert.Contains("verdict: bug", output);
        Assert.Contains("--json: cannot write '/dev/full'", err);
        Assert.True(File.Exists("/dev/full"));
        Assert.False(new FileInfo("/dev/full").Length > 0);
    }

    [Fact]
    public void ASymbolicLinkStaysALinkAndItsTargetGetsTheReport()
    {
        var dir = TempDir();
        var target = Path.Combine(dir, "real.json");
        var link = Path.Combine(dir, "link.json");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);
        var (code, _, _) = Run("check", Example("counter_locked.c"), "--json", link);
        Assert.Equal(0, code);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        using var doc = JsonDocument.Parse(File.ReadAllText(target));
        Assert.Equal("ok", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(["link.json", "real.json"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task AFifoIsWrittenThroughNotReplaced()
    {
        var fifo = Path.Combine(TempDir(), "results");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var reader = Task.Run(() => File.ReadAllText(fifo));
        var (code, _, _) = Run("check", Example("counter_locked.c"), "--json", fifo);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("ok", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(["results"], Directory.GetFileSystemEntries(Path.GetDirectoryName(fifo)!).Select(Path.GetFileName));
        Assert.Equal(0, new FileInfo(fifo).Length);
    }

    [Fact]
    public void ReplayFilesWithoutJsonOrTraceOutGoToTheReplayFolderNotTheCurrentDirectory()
    {
        var (code, output, _) = Run("check", Example("counter_racy.c"));
        Assert.Equal(1, code);
        var folder = Environment.GetEnvironmentVariable("LOCKSTEP_REPLAY_DIR")!;
        Assert.Contains($"replay file: {Path.Combine(folder, "counter_racy.replay.json")}", output);
        Assert.True(File.Exists(Path.Combine(folder, "counter_racy.replay.json")));
    }

    [Fact]
    public async Task SigtermStopsTheSearchKeepsTheVerdictAndWritesWholeFiles()
    {
        var json = Path.Combine(TempDir(), "result.json");
        using var process = Start("check", Example("scalable_counters.c"), "-DNTHREADS=8", "-DSTEPS=4", "--no-por", "--json", json);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.False(process.HasExited, "the search must still be running when the signal is sent");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(3, process.ExitCode);
        var text = await stdout;
        Assert.Contains("verdict: incomplete — the search was interrupted", text);
        Assert.Contains("states: ", text);
        Assert.Equal("", await stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("incomplete", doc.RootElement.GetProperty("verdict").GetString());
    }
}
