namespace Lockstep.Machine.Execution;

/// <summary>
/// A bug found while executing a step, as the provider of the primitives rendered it: the kind (the provider's name
/// for it; the Machine never interprets it), a one-line title, the full report, and where it happened (thread and
/// source site; site -1 when not tied to an instruction).
/// </summary>
/// <remarks><see cref="Detail"/> is the structured report behind the text (a lockdep splat, a <see cref="MachineFault"/>),
/// for callers that want more than the text.</remarks>
public sealed record MachineBug(string Kind, string Title, string Report, int Thread, int Site, object? Detail = null);

/// <summary>Thrown inside the interpreter when a step hits a bug; caught at the step boundary and turned into a result.</summary>
public sealed class MachineFaultException(MachineBug bug) : Exception(bug.Title)
{
    public MachineBug Bug { get; } = bug;
}
