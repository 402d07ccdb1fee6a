namespace Lockstep.Exploration;

/// <summary>
/// Shortens a counterexample to the causal past of its last step: the steps the bug's step depends on, directly or
/// through other steps (the same thread, or footprints that conflict — the dependence the partial-order reduction
/// trusts), in their original order. Every other step commutes past the bug's step, so leaving them out gives an
/// execution of the same Mazurkiewicz trace's prefix: the same bug by fewer steps. Every candidate is replayed before
/// it is returned (each step enabled in turn, no other bug on the way, the same bug at the end), so a dependence the
/// footprints miss — or the optimistic first guess leaves out — costs the shortening, never the report.
/// </summary>
public static class CausalPast
{
    /// <summary>The shorter counterexample, or null when no step can be left out or the replay does not end in a bug
    /// <paramref name="isSame"/> accepts (e.g. a deadlock, which the end state raises and every thread takes part in).</summary>
    public static Counterexample? Shorten(ITransitionSystem system, Counterexample found, Func<IBug, bool> isSame)
    {
        var path = found.Path;
        if (path.Count < 2 || found.LoopStart is not null)
            return null;

        // The footprint of every step, in the state it ran from.
        var executor = system.CreateExecutor();
        byte[] state = executor.InitialState();
        var footprints = new Footprint[path.Count];
        for (int i = 0; i < path.Count; i++)
        {
            executor.Focus(null);
            footprints[i] = new Footprint();
            executor.GetFootprint(state, path[i], footprints[i]);
            var step = executor.Step(state, path[i]);
            if (i < path.Count - 1 && (step.Bug is not null || step.BoundExceeded is not null))
                return null;
            state = step.Successor.ToArray();
        }

        // A step whose footprint says "everything" (a free, a primitive the executor cannot describe) would keep every
        // step before it. So first two guesses, which the replay confirms or refutes: such steps depend on nothing but
        // their own thread, left out unless needed; then the same, but each of them kept. Then the safe closure.
        foreach (var treatment in (ReadOnlySpan<GlobalSteps>)[GlobalSteps.Ignored, GlobalSteps.Kept, GlobalSteps.DependOnAll])
        {
            if (Candidate(path, footprints, treatment) is { } shorter && Replay(system, shorter, isSame) is { } bug)
                return new Counterexample(bug, shorter);
        }
        return null;
    }

    /// <summary>How a candidate treats steps whose footprint is <see cref="Footprint.Global"/>.</summary>
    private enum GlobalSteps
    {
        /// <summary>Dependent on their own thread's steps only, and kept only when a later kept step needs them.</summary>
        Ignored,
        /// <summary>Dependent on their own thread's steps only, and always kept.</summary>
        Kept,
        /// <summary>Dependent on every step, as their footprint says.</summary>
        DependOnAll,
    }

    /// <summary>The steps the last one depends on, transitively, or null when that is every step.</summary>
    private static List<Transition>? Candidate(IReadOnlyList<Transition> path, Footprint[] footprints, GlobalSteps treatment)
    {
        var needed = new bool[path.Count];
        needed[^1] = true;
        int kept = 1;
        for (int i = path.Count - 2; i >= 0; i--)
        {
            if (treatment == GlobalSteps.Kept && footprints[i].Global)
            {
                needed[i] = true;
                kept++;
                continue;
            }
            for (int j = i + 1; j < path.Count; j++)
            {
                if (needed[j] && (path[i].Thread == path[j].Thread || Depends(footprints[i], footprints[j], treatment)))
                {
                    needed[i] = true;
                    kept++;
                    break;
                }
            }
        }
        if (kept == path.Count)
            return null;
        var shorter = new List<Transition>(kept);
        for (int i = 0; i < path.Count; i++)
        {
            if (needed[i])
                shorter.Add(path[i]);
        }
        return shorter;
    }

    private static bool Depends(Footprint earlier, Footprint later, GlobalSteps treatment) =>
        treatment == GlobalSteps.DependOnAll ? earlier.ConflictsWith(later)
            : !earlier.Global && !later.Global && earlier.ConflictsWith(later);

    /// <summary>The bug the last step of <paramref name="path"/> raises, if every step is enabled in turn, none before it
    /// raises one, and <paramref name="isSame"/> accepts it; else null.</summary>
    private static IBug? Replay(ITransitionSystem system, IReadOnlyList<Transition> path, Func<IBug, bool> isSame)
    {
        var executor = system.CreateExecutor();
        byte[] state = executor.InitialState();
        var enabled = new List<Transition>();
        for (int i = 0; i < path.Count; i++)
        {
            executor.Focus(null);
            enabled.Clear();
            executor.GetEnabled(state, enabled);
            if (!enabled.Contains(path[i]))
                return null;
            var step = executor.Step(state, path[i]);
            if (step.BoundExceeded is not null)
                return null;
            if (step.Bug is { } bug)
                return i == path.Count - 1 && isSame(bug) ? bug : null;
            state = step.Successor.ToArray();
        }
        return null;
    }
}
