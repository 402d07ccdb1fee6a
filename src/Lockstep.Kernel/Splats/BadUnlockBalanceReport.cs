using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>print_unlock_imbalance_bug</c>: releasing a lock the task does not hold (double unlock, or an
/// unlock from another irq context).</summary>
public sealed record BadUnlockBalanceReport(
    LockdepTask Task, string LockName, string Function, string Location, IReadOnlyList<PrintedLock> HeldLocks, LockTrace Stack)
    : LockdepReport(BugKind.BadUnlock, Task, HeldLocks, Stack)
{
    public override string Title => "WARNING: bad unlock balance detected!";
}
