using System.Diagnostics.CodeAnalysis;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Bugs;

/// <summary>How a primitive reports a bug: always with a <see cref="BugKind"/>, so every kind comes from one vocabulary.</summary>
public static class KernelBugs
{
    /// <summary>Ends the step with a bug of <paramref name="kind"/> at the call; <paramref name="detail"/> is the structured report.</summary>
    [DoesNotReturn]
    public static void Fail(this IntrinsicCall call, BugKind kind, string title, string report, object? detail = null) =>
        call.Raise(new MachineBug(kind.Name(), title, report, call.ThreadId, call.Site, detail));

    /// <summary>The pid a report prints for a model thread (kernel-looking and stable across runs).</summary>
    public static int Pid(int thread) => 1000 + thread;

    /// <summary>The kind a rendered bug has (every bug the Kernel renders is named from <see cref="BugKindCatalog"/>).</summary>
    public static BugKind KindOf(MachineBug bug) =>
        BugKindCatalog.Find(bug.Kind)?.Kind ?? throw new ArgumentException($"'{bug.Kind}' is not a bug kind", nameof(bug));
}
