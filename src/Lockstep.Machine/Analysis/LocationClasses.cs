namespace Lockstep.Machine.Analysis;

/// <summary>
/// How location classes appear in footprints: as 64-bit locations in a range no cell address uses, so a footprint
/// can hold exact cells (precise, for steps about to run) and classes (static, for what a thread may still do).
/// </summary>
public static class LocationClasses
{
    private const long Tag = 1L << 62;
    /// <summary>The class of thread status and stop requests (kthread_stop, kthread_should_stop, thread exit).</summary>
    public const int Tasks = 0x3FFF_FFFF;
    /// <summary>The class of the thread table, written by thread creation.</summary>
    public const int ThreadTable = 0x3FFF_FFFE;
    /// <summary>
    /// Thread exits, as seen by threads that wait for one (kthread_stop): the waiter's future writes this class and an
    /// exit step reads it, so an exit conflicts with the future of a thread that may wait for exits and with nothing
    /// else; two exits (reads) do not conflict. A thread's own exit is in its future as its exact status cell, which
    /// the waiting step reads exactly.
    /// </summary>
    public const int Exits = 0x3FFF_FFFD;

    /// <summary>Whether the class names memory cells (the lowering's classes), not thread state, exits or the thread table.</summary>
    public static bool IsMemory(int classId) => classId < Exits;

    public static long Location(int classId) => Tag | (uint)classId;
}
