using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>print_deadlock_bug</c>: the task takes a class it already holds.</summary>
public sealed record RecursiveLockingReport(
    LockdepTask Task, PrintedLock Acquiring, PrintedLock AlreadyHeld, IReadOnlyList<PrintedLock> HeldLocks, LockTrace Stack)
    : LockdepReport(BugKind.RecursiveLocking, Task, HeldLocks, Stack)
{
    public override string Title => "WARNING: possible recursive locking detected";
}
