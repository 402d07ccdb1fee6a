using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lockstep.Bench;

/// <summary>
/// <c>startup TOOL [RUNS] [MODEL]</c>: the wall time of a short check with the lockstep executable TOOL (the installed
/// tool: <c>bench/startup.sh</c> packs and installs it first). Runs <c>TOOL check MODEL</c> RUNS times, one at a time,
/// after two unmeasured runs that warm the page cache, each with <c>LOCKSTEP_TIMINGS</c> set to its launch time so the
/// tool prints where its time went (<c>src/Lockstep.Cli/StartupClock.cs</c>); prints the median, minimum and maximum
/// wall time and the median of each part. Wall time is from starting the process to its exit, as a shell sees it.
/// </summary>
internal static partial class StartupBench
{
    private static readonly string[] Parts = ["before-main", "command-line", "front-end+traces", "search", "report"];

    [GeneratedRegex(@"(?<name>[a-z+-]+) (?<ms>[\d.]+) ms")]
    private static partial Regex Part();

    [GeneratedRegex(@"jit (?<n>\d+) methods (?<ms>[\d.]+) ms")]
    private static partial Regex Jit();

    public static int Run(string tool, int runs, string model)
    {
        if (!File.Exists(tool))
        {
            Console.Error.WriteLine($"startup: no executable '{tool}' (bench/startup.sh installs the tool and passes it)");
            return 2;
        }
        if (!File.Exists(model))
        {
            Console.Error.WriteLine($"startup: no model '{model}'");
            return 2;
        }
        var walls = new List<double>();
        var parts = Parts.ToDictionary(p => p, _ => new List<double>());
        var jitMethods = new List<double>();
        var jitMs = new List<double>();
        string verdict = "";
        for (var i = -2; i < runs; i++)
        {
            var (wall, stdout, stderr, exit) = RunOnce(tool, model);
            if (exit is not (0 or 1))
            {
                Console.Error.WriteLine($"startup: '{tool} check {model}' exited {exit}:\n{stderr}");
                return 2;
            }
            if (i < 0) continue;
            verdict = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("verdict:", StringComparison.Ordinal)) ?? "";
            walls.Add(wall);
            var line = stderr.Split('\n').FirstOrDefault(l => l.StartsWith("timings:", StringComparison.Ordinal));
            if (line is null)
            {
                Console.Error.WriteLine("startup: the tool printed no 'timings:' line (is it older than LOCKSTEP_TIMINGS?)");
                return 2;
            }
            foreach (Match m in Part().Matches(line))
                if (parts.TryGetValue(m.Groups["name"].Value, out var list)) list.Add(Number(m.Groups["ms"].Value));
            if (Jit().Match(line) is { Success: true } jit)
            {
                jitMethods.Add(Number(jit.Groups["n"].Value));
                jitMs.Add(Number(jit.Groups["ms"].Value));
            }
        }
        Console.WriteLine($"tool: {tool}");
        Console.WriteLine($"model: {model} ({verdict})");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runs: {runs}; load average before: {LoadAverage()} on {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wall ms: median {Median(walls):F1}, min {walls.Min():F1}, max {walls.Max():F1}"));
        Console.WriteLine("median ms of each part: " + string.Join(", ",
            Parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p} {Median(parts[p]):F1}"))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jit: median {Median(jitMethods):F0} methods compiled, {Median(jitMs):F1} ms compiling (on any thread)"));
        return 0;
    }

    private static (double WallMs, string Stdout, string Stderr, int Exit) RunOnce(string tool, string model)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add(model);
        var clock = Stopwatch.StartNew();
        start.Environment["LOCKSTEP_TIMINGS"] = ((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        clock.Stop();
        return (clock.Elapsed.TotalMilliseconds, stdout.Result, stderr.Result, process.ExitCode);
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }
}
