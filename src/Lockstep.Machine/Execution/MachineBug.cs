using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// A bug found while executing a step: the kind (design.md's bug kinds), a one-line title, the full report in the
/// kernel's own layout, and where it happened (thread and source site; site -1 when not tied to an instruction).
/// </summary>
/// <remarks><see cref="Detail"/> is the reporting layer's structured report (e.g. a lockdep splat), for callers that
/// want more than the text.</remarks>
public sealed record MachineBug(string Kind, string Title, string Report, int Thread, int Site, object? Detail = null);

/// <summary>Thrown inside the interpreter when a step hits a bug; caught at the step boundary and turned into a result.</summary>
public sealed class MachineFaultException(MachineBug bug) : Exception(bug.Title)
{
    public MachineBug Bug { get; } = bug;
}

/// <summary>The bug kinds of design.md, spelled as in the JSON output.</summary>
public static class BugKinds
{
    public const string Deadlock = "deadlock";
    public const string RecursiveLocking = "recursive-locking";
    public const string CircularLocking = "circular-locking";
    public const string IrqInversion = "irq-inversion";
    public const string InvalidWaitContext = "invalid-wait-context";
    public const string SleepInAtomic = "sleep-in-atomic";
    public const string BadUnlock = "bad-unlock";
    public const string LockReinit = "lock-reinit";
    public const string UseAfterFree = "use-after-free";
    public const string Assertion = "assertion";
    public const string WarnOn = "warn-on";
    public const string BugOn = "bug-on";
    public const string Invariant = "invariant";
    public const string Livelock = "livelock";
    /// <summary>Not in design.md's list: a NULL or wild pointer dereference, which the kernel reports as an oops.</summary>
    public const string NullDereference = "null-deref";
}
