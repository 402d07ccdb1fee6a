using Lockstep.Exploration;
using Lockstep.Machine.Execution;
using Lockstep.Reports;

namespace Lockstep.Checker;

/// <summary>
/// Turns a counterexample's schedule into a readable trace by re-executing it on a fresh machine and recording,
/// for every step, the thread and the visible operation it executed.
/// </summary>
public static class TraceBuilder
{
    public static BugReport Build(LoadedProgram program, Counterexample counterexample)
    {
        var machine = new MachineExecutor(program);
        var steps = Replay(machine, counterexample.Path);
        var bug = BugOf(machine, counterexample);
        var bugSite = program.Site(bug.Site);
        return new BugReport(bug.Kind, bug.Title, machine.ThreadName(bug.Thread),
            bugSite is null ? null : new SourceLocation(bugSite.File, bugSite.Line, bugSite.Column, bugSite.Function),
            bug.Report, steps, counterexample.Path.Select(p => new ScheduleChoice(p.Thread, p.Choice)).ToList())
        {
            LoopFrom = counterexample.LoopStart + 1,
        };
    }

    /// <summary>The Machine's bug of a counterexample; a fair cycle the search found is described by the Machine (and
    /// rendered by the provider) in the state the path ends in, which is the cycle's first state again.</summary>
    public static MachineBug BugOf(MachineExecutor machineAtEnd, Counterexample counterexample) => counterexample.Bug switch
    {
        ModelBug model => model.Bug,
        FairCycle cycle => machineAtEnd.DescribeCycle(cycle.LoopingThreads, counterexample.Path.Count - (counterexample.LoopStart ?? 0)),
        var other => throw new InvalidOperationException($"not a model's bug: {other.Kind}"),
    };

    /// <summary>The steps of <paramref name="path"/> as a trace (for a path that ends somewhere other than a bug).</summary>
    public static IReadOnlyList<TraceStep> Steps(LoadedProgram program, IReadOnlyList<Transition> path) =>
        Replay(new MachineExecutor(program), path);

    private static List<TraceStep> Replay(MachineExecutor machine, IReadOnlyList<Transition> path)
    {
        var program = machine.Program;
        machine.Initialize();
        machine.MergedLog = [];
        var steps = new List<TraceStep>(path.Count);
        var index = 0;
        foreach (var t in path)
        {
            var threadName = machine.ThreadName(t.Thread);
            machine.Step(t.Thread, t.Choice);
            var site = program.Site(machine.LastSite);
            var op = machine.LastOperation;
            if (t.Choice >= MachineExecutor.InterruptChoiceBase) op = "<interrupt>";
            else if (!machine.LastChoiceDescribed && (t.Choice != 0 || op == "nondet_int")) op = $"{op} = choice {t.Choice}";
            steps.Add(new TraceStep(++index, t.Thread, threadName, op, Location(site), site?.Text ?? "")
            {
                Held = HeldLockNames.Of(machine),
                Merged = machine.MergedLog.Count == 0 ? [] : machine.MergedLog.Select(m => Merged(program, m)).ToList(),
            });
        }
        return steps;
    }

    private static MergedStep Merged(LoadedProgram program, MergedOperation operation)
    {
        var at = program.Site(operation.Site);
        return new MergedStep(operation.Operation, Location(at), at?.Text ?? "");
    }

    private static SourceLocation? Location(Lockstep.Machine.Ir.SourceSite? site) =>
        site is null ? null : new SourceLocation(site.File, site.Line, site.Column, site.Function);
}
