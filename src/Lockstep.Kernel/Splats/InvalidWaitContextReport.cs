using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>print_lock_invalid_wait_context</c>; <see cref="ContextLevel"/> is the task's own wait context
/// (<c>task_wait_context()</c>) printed as <c>context-{n:n}</c>.</summary>
public sealed record InvalidWaitContextReport(
    LockdepTask Task, PrintedLock Acquiring, int ContextLevel, IReadOnlyList<PrintedLock> HeldLocks, LockTrace Stack)
    : LockdepReport(BugKind.InvalidWaitContext, Task, HeldLocks, Stack)
{
    public override string Title => "[ BUG: Invalid wait context ]";
}
