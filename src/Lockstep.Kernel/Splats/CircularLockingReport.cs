using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>
/// <c>print_circular_bug</c>: the new <c>held -&gt; acquiring</c> order closes a cycle with the recorded chain
/// <c>acquiring -&gt; ... -&gt; held</c>. <see cref="Chain"/> is in print order (#n down to #0);
/// <see cref="Parent"/> is the class just before the held one in that chain (the scenario's CPU1 lock).
/// </summary>
public sealed record CircularLockingReport(
    LockdepTask Task,
    PrintedLock Acquiring,
    PrintedLock AlreadyHeld,
    IReadOnlyList<CircularChainEntry> Chain,
    string Parent,
    bool ParentIsAcquiring,
    LockReadMode AcquiringRead,
    bool AcquiringSync,
    LockReadMode HeldRead,
    IReadOnlyList<PrintedLock> HeldLocks,
    LockTrace Stack)
    : LockdepReport(BugKind.CircularLocking, Task, HeldLocks, Stack)
{
    public override string Title => "WARNING: possible circular locking dependency detected";
}
