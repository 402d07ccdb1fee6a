using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>
/// <c>__might_resched</c>: "BUG: sleeping function called from invalid context at file:line".
/// <see cref="RcuNestDepth"/> is printed only when known (CONFIG_PREEMPT_RCU);
/// <see cref="PreemptionDisabledAt"/> when the preempt count was unexpected (CONFIG_DEBUG_PREEMPT).
/// </summary>
public sealed record SleepInInvalidContextSplat(
    LockdepTask Task,
    string File,
    int Line,
    bool InAtomic,
    bool IrqsDisabled,
    int NonBlockCount,
    int PreemptCount,
    int ExpectedPreemptCount,
    int? RcuNestDepth,
    int ExpectedRcuNestDepth,
    IReadOnlyList<PrintedLock> HeldLocks,
    string? PreemptionDisabledAt,
    LockTrace Stack)
    : KernelSplat(BugKind.SleepInAtomic, Task, Stack)
{
    public override string Title => $"BUG: sleeping function called from invalid context at {File}:{Line}";
}
