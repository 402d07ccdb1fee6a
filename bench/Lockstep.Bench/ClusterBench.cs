using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lockstep.Testing;

namespace Lockstep.Bench;

/// <summary>
/// The bug-free peer protocol (bench/peers/lockstep/invalidate_fault_memslot.c, no failing allocations) explored
/// breadth-first by the lockstep command: in one process (--search bfs) and on 1, 2 and 3 local silo processes
/// (--silos N). Prints states, levels, messages and states sent between partitions, bytes sent per state, and the
/// search's time as lockstep reports it (for a cluster: from shipping the model to the verdict; the silos' start is
/// not counted). The command runs as a process because Orleans and BenchmarkDotNet need different Roslyn versions.
/// </summary>
internal static partial class ClusterBench
{
    public static int Run(IReadOnlyList<string> sizes, int maxSilos)
    {
        var cli = new[] { "Release", "Debug" }.Select(c => Path.Combine(RepositoryPaths.Source, "Lockstep.Cli", "bin", c, "net10.0", "lockstep.dll")).FirstOrDefault(File.Exists);
        if (cli is null)
        {
            Console.Error.WriteLine("build the command first: dotnet build -c Release src/Lockstep.Cli");
            return 2;
        }
        var model = Path.Combine(RepositoryPaths.Root, "bench", "peers", "lockstep", "invalidate_fault_memslot.c");
        Console.WriteLine($"model: {Path.GetRelativePath(Environment.CurrentDirectory, model)} (--search bfs --max-alloc-failures 0); lockstep: {Path.GetRelativePath(Environment.CurrentDirectory, cli)}");
        Console.WriteLine($"{"size",-6} {"silos",9} {"verdict",8} {"states",9} {"levels",6} {"messages",9} {"states sent",11} {"bytes/state",11} {"seconds",8} {"states/s",9}");
        foreach (var size in sizes)
        {
            var parts = size.Split(',');
            string[] args = ["check", model, "--search", "bfs", "--max-alloc-failures", "0", "-D", $"NR_VCPUS={parts[0]}", "-D", $"NR_INVALIDATIONS={parts[1]}"];
            var one = Check(cli, args);
            Row(size, "1 process", one);
            for (var n = 1; n <= maxSilos; n++)
            {
                var spread = Check(cli, [.. args, "--silos", n.ToString(CultureInfo.InvariantCulture)]);
                Row(size, n.ToString(CultureInfo.InvariantCulture), spread);
                if (spread.States != one.States || spread.Verdict != one.Verdict)
                {
                    Console.Error.WriteLine($"the cluster disagrees with one process: {spread.Verdict} {spread.States} vs {one.Verdict} {one.States}");
                    return 1;
                }
            }
        }
        return 0;
    }

    private sealed record Outcome(string Verdict, long States, double Seconds, long? Levels, long? Messages, long? StatesSent, double? BytesPerState);

    private static Outcome Check(string cli, string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var err = error.Result;
        var verdict = VerdictLine().Match(output);
        var stats = StatesLine().Match(output);
        if (!verdict.Success || !stats.Success)
            throw new InvalidOperationException($"lockstep {string.Join(' ', args)} printed no verdict:\n{output}\n{err}");
        var cluster = ClusterLine().Match(err);
        return new Outcome(verdict.Groups[1].Value, long.Parse(stats.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(stats.Groups[2].Value, CultureInfo.InvariantCulture),
            cluster.Success ? long.Parse(cluster.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            cluster.Success ? long.Parse(cluster.Groups[2].Value, CultureInfo.InvariantCulture) : null,
            cluster.Success ? long.Parse(cluster.Groups[3].Value, CultureInfo.InvariantCulture) : null,
            cluster.Success ? double.Parse(cluster.Groups[4].Value, CultureInfo.InvariantCulture) : null);
    }

    private static void Row(string size, string silos, Outcome o) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,-6} {silos,9} {o.Verdict,8} {o.States,9} {o.Levels,6} {o.Messages,9} {o.StatesSent,11} {o.BytesPerState,11:0.0} {o.Seconds,8:0.000} {o.States / Math.Max(o.Seconds, 1e-6),9:0}"));

    [GeneratedRegex(@"^verdict: (\w+)", RegexOptions.Multiline)]
    private static partial Regex VerdictLine();

    [GeneratedRegex(@"^states: (\d+), transitions: \d+, depth: \d+, time: ([\d.]+)s", RegexOptions.Multiline)]
    private static partial Regex StatesLine();

    [GeneratedRegex(@"cluster: \d+ silos \(local\), (\d+) levels, (\d+) messages, (\d+) states sent, ([\d.]+) bytes sent per state")]
    private static partial Regex ClusterLine();
}
