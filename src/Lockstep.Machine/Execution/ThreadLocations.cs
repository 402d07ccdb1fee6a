using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// Footprint locations of the machine state that is not in memory cells: a thread's status (and exit code), its
/// kernel context cells, its held-lock list, and the shared kernel words. Primitives name these in their footprints
/// and the <see cref="FootprintAuditor"/> names the same locations for what a primitive actually touched, so the two
/// can be compared. They live in the task-tag range of <see cref="Pointer"/>, which no memory cell uses.
/// </summary>
public static class ThreadLocations
{
    /// <summary>Context cells start here within a thread's range (kept clear of the status and held-list words).</summary>
    private const int ContextBase = 8;

    /// <summary>The thread's status and exit code (written by its exit, read by kthread_stop).</summary>
    public static long Status(int thread) => Pointer.Task(thread);

    /// <summary>The thread's held-lock list.</summary>
    public static long Held(int thread) => Pointer.Task(thread) + 1;

    /// <summary>Context cell <paramref name="cell"/> of the thread.</summary>
    public static long Context(int thread, int cell) => Pointer.Task(thread) + ContextBase + cell;

    /// <summary>The state's shared kernel words (<see cref="MachineState.Shared"/>): a pseudo-thread no real thread id reaches.</summary>
    public static readonly long Shared = Pointer.Task(Pointer.StringTag - Pointer.TaskTag - 1);

    /// <summary>The thread table (how many threads exist, which id the next one gets): written by every thread creation.</summary>
    public static readonly long ThreadTable = Pointer.Task(Pointer.StringTag - Pointer.TaskTag - 2);
}
