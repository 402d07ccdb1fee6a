using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>lockdep_rcu_suspicious</c> (RCU_LOCKDEP_WARN), e.g. "Illegal synchronize_srcu() in same-type
/// SRCU (or in RCU) read-side critical section".</summary>
public sealed record SuspiciousRcuUsageSplat(
    LockdepTask Task, string File, int Line, string Message, IReadOnlyList<PrintedLock> HeldLocks, LockTrace Stack)
    : KernelSplat(BugKind.WarnOn, Task, Stack)
{
    public override string Title => "WARNING: suspicious RCU usage";
}
