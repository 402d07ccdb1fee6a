using System.Diagnostics;
using System.Globalization;
using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Bench;

/// <summary>
/// The scaling benchmark (not a test): checks models/examples/scalable_counters.c for a growing number of threads
/// and prints states, transitions, seconds, states/s, transitions/s and peak memory, with and without
/// partial-order reduction. Usage: dotnet run -c Release --project bench/Lockstep.Bench [-- MAX_THREADS [STEPS]]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var maxThreads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
        var steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var model = FindModel("scalable_counters.c");
        Console.WriteLine($"model: {model} (STEPS={steps})");
        Console.WriteLine($"{"threads",7} {"por",4} {"verdict",10} {"states",10} {"transitions",12} {"seconds",8} {"states/s",10} {"trans/s",10} {"peak MiB",9}");
        for (var n = 1; n <= maxThreads; n++)
        {
            foreach (var por in new[] { false, true })
            {
                var options = new CheckOptions
                {
                    Defines = [$"NTHREADS={n}", $"STEPS={steps}"],
                    PartialOrderReduction = por,
                    Timeout = TimeSpan.FromMinutes(2),
                };
                var clock = Stopwatch.StartNew();
                var result = ModelChecker.CheckFile(model, options);
                clock.Stop();
                var s = result.Statistics;
                var seconds = Math.Max(s.Seconds, 1e-6);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n,7} {(por ? "yes" : "no"),4} {VerdictExitCodes.Name(result.Verdict),10} {s.States,10} {s.Transitions,12} {s.Seconds,8:0.000} {s.States / seconds,10:0} {s.Transitions / seconds,10:0} {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),9:0.0}"));
                if (result.Verdict == Verdict.Error)
                {
                    foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
                    return 2;
                }
            }
        }
        return 0;
    }

    private static string FindModel(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "examples", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(name);
    }
}
