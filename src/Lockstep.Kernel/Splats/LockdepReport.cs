using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>A report of lockdep proper; every one ends with the task's held locks.</summary>
public abstract record LockdepReport(BugKind Kind, LockdepTask Task, IReadOnlyList<PrintedLock> HeldLocks, LockTrace Stack)
    : KernelSplat(Kind, Task, Stack);
