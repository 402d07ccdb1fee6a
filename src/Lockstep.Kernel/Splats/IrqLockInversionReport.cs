using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>
/// <c>print_irq_inversion_bug</c>: a class just changed its irq state and the recorded graph already connects
/// it with a class of the opposite state. <see cref="Forwards"/>: this lock took the other, irq-unsafe one;
/// otherwise the other, irq-safe one took this. Scenario names are class names.
/// </summary>
public sealed record IrqLockInversionReport(
    LockdepTask Task,
    PrintedLock Lock,
    bool Forwards,
    string IrqClass,
    PrintedClass Other,
    string SafeName,
    string UnsafeName,
    string MiddleName,
    IReadOnlyList<DependencyPathEntry> Dependencies,
    IReadOnlyList<PrintedLock> HeldLocks,
    LockTrace Stack)
    : LockdepReport(BugKind.IrqInversion, Task, HeldLocks, Stack)
{
    public override string Title => "WARNING: possible irq lock inversion dependency detected";
}
