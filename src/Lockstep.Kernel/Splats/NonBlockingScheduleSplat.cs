using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary><c>schedule_debug</c>: "BUG: scheduling in a non-blocking section: comm/pid/non_block_count".</summary>
public sealed record NonBlockingScheduleSplat(LockdepTask Task, int NonBlockCount, LockTrace Stack)
    : KernelSplat(BugKind.SleepInAtomic, Task, Stack)
{
    public override string Title => $"BUG: scheduling in a non-blocking section: {Task.Comm}/{Task.Pid}/{NonBlockCount}";
}
