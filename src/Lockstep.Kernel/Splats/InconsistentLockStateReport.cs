using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>print_usage_bug</c>: one class used both in an irq and with that irq enabled,
/// e.g. <c>inconsistent {IN-HARDIRQ-W} -&gt; {HARDIRQ-ON-W} usage.</c></summary>
public sealed record InconsistentLockStateReport(
    LockdepTask Task,
    IrqState Context,
    string PreviousUsage,
    string NewUsage,
    PrintedLock Lock,
    LockTrace PreviousUsageAt,
    IReadOnlyList<PrintedLock> HeldLocks,
    LockTrace Stack)
    : LockdepReport(BugKind.IrqInversion, Task, HeldLocks, Stack)
{
    public override string Title => "WARNING: inconsistent lock state";
}
