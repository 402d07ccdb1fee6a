using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Kernel;
using Lockstep.Machine.Execution;

namespace Lockstep.Cluster;

/// <summary>
/// One silo's share of a random or PCT search (swarm verification): the shipped model compiled here, sampled with
/// this silo's own seed by the one-process sampler, its first bug described here against the lockdep graph it was
/// found with.
/// </summary>
internal static class SwarmShare
{
    public static SampleReport Run(SearchSpec spec, int seed, int schedules, string silo)
    {
        if (spec.Model.Hash != spec.ContentHash)
            return new SampleReport { Seed = seed, Error = $"the model's content hash differs on silo {silo}" };
        var options = spec.ToCheckOptions() with { Seed = seed, Schedules = schedules, StopAtFirstBug = true };
        var source = ModelSource.FromFile(spec.ModelPath);
        var primitives = new KernelPrimitives(ModelCompilation.KernelConfigFor(source, options));
        var compiled = ModelCompilation.Compile(source, options, primitives);
        if (compiled.Program is null)
            return new SampleReport { Seed = seed, Error = $"the model does not compile on silo {silo}: {string.Join("; ", compiled.Diagnostics)}" };
        if (!compiled.Inputs.Select(SearchSpec.Describe).SequenceEqual(spec.InputHashes))
            return new SampleReport { Seed = seed, Error = $"silo {silo} compiled other files than the client read" };
        var loaded = new LoadedProgram(compiled.Program, primitives);
        new MachineExecutor(loaded).Initialize();
        var system = new MachineTransitionSystem(loaded) { CollectCoverage = options.Coverage, Limits = options.Limits };
        var result = Search.Run(system, options);
        var reached = new Coverage(compiled.Program);
        system.ReachedCoverage(reached);
        RemoteBug? bug = null;
        if (result.Bugs.Count > 0)
        {
            var first = result.Bugs[0];
            var report = ModelChecker.Describe(loaded, primitives, options, first, first: true);
            bug = new RemoteBug(Wire.Encode(report), ModelChecker.MisuseDiagnostic(loaded, first.Bug, spec.ModelPath));
        }
        var s = result.Statistics;
        return new SampleReport
        {
            Seed = seed,
            Bug = bug,
            States = s.States,
            Transitions = s.Transitions,
            MaxDepth = s.MaxDepth,
            Schedules = s.Schedules,
            Sites = reached.Sites,
            Jumps = reached.Jumps,
            Graph = Wire.Encode(primitives.Services.Lockdep.Graph.Export()),
        };
    }
}
