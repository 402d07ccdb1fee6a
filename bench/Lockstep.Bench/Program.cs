using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Bench;

/// <summary>
/// Benchmarks (not tests). Modes:
///   scaling [MAX_THREADS [STEPS]]  models/examples/scalable_counters.c for 1..MAX_THREADS threads, with and without POR
///   seed                           the seed model at growing sizes, with and without POR
///   independence [MAX_THREADS]     threads that share nothing (models/examples/independent_threads.c, with and without
///                                  work; scalable_counters.c -D WITHOUT_TOTAL) for 2..MAX_THREADS, with and without POR
///   micro                          BenchmarkDotNet: interpreter step, state hash, fingerprint store
///   cluster [SIZES [SILOS]]        the bug-free peer protocol (SIZES: NR_VCPUS,NR_INVALIDATIONS;...; default 1,1)
///                                  breadth-first in one process and on 1..SILOS (default 3) local silo processes:
///                                  states, messages, bytes sent per state, time
///   coverage [ROUNDS]              the seed model's actor groups with POR, coverage recorded and not (alternating
///                                  rounds, best of each), to show what recording coverage costs
///   liveness [ROUNDS]              the same with the non-progress (fair cycle) check on and off
///   startup TOOL [RUNS [MODEL]]    wall time of 'TOOL check MODEL' (default models/examples/counter_locked.c, 20 runs)
///                                  and where it goes: before Main, command line, front end, search, report, JIT
///                                  (bench/startup.sh packs and installs the tool and runs this)
/// Each run prints states, transitions, seconds, states/s, transitions/s, peak memory and the reduction ratio.
/// Usage: dotnet run -c Release --project bench/Lockstep.Bench -- MODE [ARGS]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "scaling";
        switch (mode)
        {
            case "micro":
                BenchmarkRunner.Run<MicroBenchmarks>(args: args[1..]);
                return 0;
            case "seed":
                return Seed();
            case "independence":
                return Independence(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6);
            case "cluster":
                return ClusterBench.Run(args.Length > 1 ? args[1].Split(';') : ["1,1"],
                    args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
            case "coverage":
                return OnOffCost("coverage", (o, on) => o with { Coverage = on }, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
            case "liveness":
                return OnOffCost("the non-progress check", (o, on) => o with { NonProgress = on }, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
            case "startup":
                if (args.Length < 2)
                {
                    Console.Error.WriteLine("usage: startup TOOL [RUNS [MODEL]] (bench/startup.sh installs the tool and runs this)");
                    return 2;
                }
                return StartupBench.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20,
                    args.Length > 3 ? args[3] : Paths.Example("counter_locked.c"));
            case "scaling":
                return Scaling(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4,
                    args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
            default:
                Console.Error.WriteLine($"unknown mode '{mode}' (scaling, seed, micro, coverage, liveness, cluster, startup)");
                return 2;
        }
    }

    private static int Scaling(int maxThreads, int steps)
    {
        var model = Paths.Example("scalable_counters.c");
        Console.WriteLine($"model: {Path.GetRelativePath(Environment.CurrentDirectory, model)} (STEPS={steps})");
        Header();
        for (var n = 1; n <= maxThreads; n++)
            if (!Pair($"threads={n}", model, [$"NTHREADS={n}", $"STEPS={steps}"], [])) return 2;
        return 0;
    }

    private static int Independence(int maxThreads)
    {
        Header();
        foreach (var (name, file, extra) in new (string, string, string[])[]
        {
            ("own global", "independent_threads.c", []),
            ("create/exit only", "independent_threads.c", ["CREATE_EXIT_ONLY"]),
            ("own counter via pointer", "scalable_counters.c", ["WITHOUT_TOTAL"]),
            ("... plus locked total", "scalable_counters.c", []),
        })
        {
            for (var n = 2; n <= maxThreads; n++)
                if (!Pair($"{name} N={n}", Paths.Example(file), [$"NTHREADS={n}", .. extra], [])) return 2;
        }
        return 0;
    }

    private static int Seed()
    {
        var model = Paths.Linux("kvm_oom.c");
        Console.WriteLine($"model: {Path.GetRelativePath(Environment.CurrentDirectory, model)} (upstream baseline, default config)");
        Header();
        string[] include = [Paths.Linux("include")];
        foreach (var (name, defines) in new (string, string[])[]
        {
            ("OOM actors, 1 page", ["WITH_VCPU=0", "WITH_EXIT=0", "NR_PAGES=1"]),
            ("OOM actors, 2 pages", ["WITH_VCPU=0", "WITH_EXIT=0", "NR_PAGES=2"]),
            ("OOM + memslot update", ["WITH_VCPU=0", "WITH_EXIT=0", "WITH_MEMSLOT_UPDATE=1"]),
            ("OOM + exit/destroy", ["WITH_VCPU=0"]),
            ("OOM + vCPU", ["WITH_EXIT=0"]),
        })
        {
            if (!Pair(name, model, defines, include)) return 2;
        }
        return 0;
    }

    /// <summary>What one check costs: each actor group with <paramref name="set"/> off and on, alternating, best of each.</summary>
    private static int OnOffCost(string what, Func<CheckOptions, bool, CheckOptions> set, int rounds)
    {
        var model = Paths.Linux("kvm_oom.c");
        Console.WriteLine($"model: {Path.GetRelativePath(Environment.CurrentDirectory, model)} (upstream baseline, default config, POR; {what} off and on, best of {rounds} alternating rounds)");
        Console.WriteLine($"{"run",-24} {"states",10} {"s (off)",8} {"s (on)",8} {"states/s off",13} {"states/s on",12} {"cost",7}");
        string[] include = [Paths.Linux("include")];
        foreach (var (name, defines) in new (string, string[])[]
        {
            ("OOM actors, 2 pages", ["WITH_VCPU=0", "WITH_EXIT=0", "NR_PAGES=2"]),
            ("OOM + memslot update", ["WITH_VCPU=0", "WITH_EXIT=0", "WITH_MEMSLOT_UPDATE=1"]),
            ("OOM + vCPU", ["WITH_EXIT=0"]),
        })
        {
            var best = new[] { double.MaxValue, double.MaxValue };
            long states = 0;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var on in new[] { false, true })
                {
                    var result = ModelChecker.CheckFile(model, set(new CheckOptions
                    {
                        Defines = defines, IncludeDirectories = include, Timeout = TimeSpan.FromMinutes(2),
                    }, on));
                    if (result.Verdict == Verdict.Error) { foreach (var d in result.Diagnostics) Console.Error.WriteLine(d); return 2; }
                    states = result.Statistics.States;
                    var i = on ? 1 : 0;
                    best[i] = Math.Min(best[i], Math.Max(result.Statistics.Seconds, 1e-6));
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-24} {states,10} {best[0],8:0.000} {best[1],8:0.000} {states / best[0],13:0} {states / best[1],12:0} {(best[1] / best[0] - 1) * 100,6:+0.0;-0.0}%"));
        }
        return 0;
    }

    private static void Header() =>
        Console.WriteLine($"{"run",-24} {"por",4} {"verdict",10} {"states",10} {"transitions",12} {"seconds",8} {"states/s",10} {"trans/s",10} {"peak MiB",9} {"ratio",6}");

    /// <summary>Runs one configuration without and with POR; false on a model error.</summary>
    private static bool Pair(string name, string model, string[] defines, string[] include)
    {
        long full = 0;
        foreach (var por in new[] { false, true })
        {
            var options = new CheckOptions
            {
                Defines = defines,
                IncludeDirectories = include,
                PartialOrderReduction = por,
                Timeout = TimeSpan.FromMinutes(2),
            };
            var result = ModelChecker.CheckFile(model, options);
            if (result.Verdict == Verdict.Error)
            {
                foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
                return false;
            }
            var s = result.Statistics;
            var seconds = Math.Max(s.Seconds, 1e-6);
            if (!por) full = s.States;
            var ratio = por && full > 0 ? ((double)s.States / full).ToString("0.00", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-24} {(por ? "yes" : "no"),4} {VerdictExitCodes.Name(result.Verdict),10} {s.States,10} {s.Transitions,12} {s.Seconds,8:0.000} {s.States / seconds,10:0} {s.Transitions / seconds,10:0} {Lockstep.Exploration.ProcessMemory.Peak() / (1024.0 * 1024.0),9:0.0} {ratio,6}"));
        }
        return true;
    }
}
