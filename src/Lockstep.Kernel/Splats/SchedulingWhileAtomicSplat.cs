using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>__schedule_bug</c>: "BUG: scheduling while atomic: comm/pid/0x%08x".</summary>
public sealed record SchedulingWhileAtomicSplat(
    LockdepTask Task, int PreemptCount, IReadOnlyList<PrintedLock> HeldLocks, string? PreemptionDisabledAt, LockTrace Stack)
    : KernelSplat(BugKind.SleepInAtomic, Task, Stack)
{
    public override string Title => $"BUG: scheduling while atomic: {Task.Comm}/{Task.Pid}/0x{PreemptCount:x8}";
}
