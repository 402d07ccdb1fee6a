using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>print_freed_lock_bug</c> (from <c>debug_check_no_locks_freed</c>): memory holding a held lock is
/// freed or re-initialised — the kernel's <c>*_init()</c> on a held lock lands here.</summary>
public sealed record HeldLockFreedReport(
    LockdepTask Task, long MemoryFrom, long MemoryLength, PrintedLock Lock, IReadOnlyList<PrintedLock> HeldLocks, LockTrace Stack)
    : LockdepReport(BugKind.LockReinit, Task, HeldLocks, Stack)
{
    public override string Title => "WARNING: held lock freed!";
}
