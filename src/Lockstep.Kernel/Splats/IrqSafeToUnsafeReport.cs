using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>
/// <c>print_bad_irq_dependency</c>: the new <c>held -&gt; acquiring</c> order connects an irq-safe class
/// (reaching <c>held</c> backwards) with an irq-unsafe one (reachable from <c>acquiring</c>).
/// <see cref="IrqClass"/> is <c>HARDIRQ</c>, <c>SOFTIRQ</c> or a <c>-READ</c> form.
/// </summary>
public sealed record IrqSafeToUnsafeReport(
    LockdepTask Task,
    IrqState Context,
    string IrqClass,
    PrintedLock Acquiring,
    PrintedLock AlreadyHeld,
    PrintedClass SafeClass,
    LockTrace SafeAt,
    PrintedClass UnsafeClass,
    LockTrace UnsafeAt,
    string MiddleName,
    IReadOnlyList<DependencyPathEntry> SafeToHeld,
    IReadOnlyList<DependencyPathEntry> AcquiringToUnsafe,
    IReadOnlyList<PrintedLock> HeldLocks,
    LockTrace Stack)
    : LockdepReport(BugKind.IrqInversion, Task, HeldLocks, Stack)
{
    public override string Title => $"WARNING: {IrqClass}-safe -> {IrqClass}-unsafe lock order detected";
}
