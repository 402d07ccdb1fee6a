using System.Diagnostics;
using System.Globalization;
using static Lockstep.Cli.Tests.CliRunner;

namespace Lockstep.Cli.Tests;

/// <summary><c>check --silos N</c>: silo processes of the same executable on loopback, stopped after the check or
/// when the client is told to stop.</summary>
public sealed class ClusterCliTests
{
    [Fact]
    public async Task AbbaOnThreeLocalSilosFindsTheInversion()
    {
        using var process = Start("check", Example("abba_mutex.c"), "--silos", "3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        var text = await stdout;
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("verdict: bug (circular-locking", text);
        Assert.Contains("cluster: 3 silos (local)", await stderr);
    }

    [Fact]
    public async Task SigtermOnTheClientEndsTheSearchIncompleteAndStopsEverySilo()
    {
        using var process = Start("check", Example("scalable_counters.c"), "-DNTHREADS=8", "-DSTEPS=4", "--silos", "2");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var ready = new TaskCompletionSource();
        var errors = new System.Text.StringBuilder();
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                errors.AppendLine(line);
                if (line.StartsWith("cluster: 2 silos ready", StringComparison.Ordinal)) ready.TrySetResult();
            }
        });
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var silos = ChildrenOf(process.Id);
        Assert.Equal(2, silos.Count);
        Assert.False(process.HasExited, "the search must still be running when the signal is sent");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await stderr;
        Assert.Equal(3, process.ExitCode);
        Assert.Contains("verdict: incomplete — the search was interrupted", await stdout);
        foreach (var pid in silos)
            Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal),
                $"silo process {pid} is still running after the client stopped");
    }

    /// <summary>The processes a client started (the silos).</summary>
    private static List<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            var file = Path.Combine(task, "children");
            if (!File.Exists(file)) continue;
            foreach (var id in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                children.Add(int.Parse(id, CultureInfo.InvariantCulture));
        }
        return children;
    }
}
