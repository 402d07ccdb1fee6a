using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>print_lock_nested_lock_not_held</c> (kernel/locking/lockdep.c, from <c>__lock_acquire</c>): a
/// <c>*_nest_lock()</c> acquisition, or a <c>ww_mutex_lock()</c> with an acquire context, whose nest lock the task
/// does not hold. <see cref="NestLockName"/> is the nest lock's map name (<c>hlock-&gt;nest_lock-&gt;name</c>).</summary>
public sealed record NestedLockNotTakenReport(
    LockdepTask Task, PrintedLock Acquiring, long NestLock, string NestLockName, IReadOnlyList<PrintedLock> HeldLocks, LockTrace Stack)
    : LockdepReport(BugKind.NestLockNotHeld, Task, HeldLocks, Stack)
{
    public override string Title => "WARNING: Nested lock was not taken";
}
