namespace Lockstep.Kernel.Splats;

/// <summary>The bug kinds a splat reports, named as the JSON output and the CLI name them.</summary>
public enum SplatKind
{
    RecursiveLocking,
    CircularLocking,
    /// <summary>"inconsistent lock state", "irq-safe -&gt; irq-unsafe lock order", "irq lock inversion".</summary>
    IrqInversion,
    InvalidWaitContext,
    SleepInAtomic,
    BadUnlock,
    LockReinit,
    /// <summary>RCU_LOCKDEP_WARN ("suspicious RCU usage"), a lockdep-flavoured WARN.</summary>
    WarnOn,
}

public static class SplatKinds
{
    /// <summary>The design's bug-kind string: <c>recursive-locking</c>, <c>circular-locking</c>, ...</summary>
    public static string BugKindName(this SplatKind kind) => kind switch
    {
        SplatKind.RecursiveLocking => "recursive-locking",
        SplatKind.CircularLocking => "circular-locking",
        SplatKind.IrqInversion => "irq-inversion",
        SplatKind.InvalidWaitContext => "invalid-wait-context",
        SplatKind.SleepInAtomic => "sleep-in-atomic",
        SplatKind.BadUnlock => "bad-unlock",
        SplatKind.LockReinit => "lock-reinit",
        _ => "warn-on",
    };
}
