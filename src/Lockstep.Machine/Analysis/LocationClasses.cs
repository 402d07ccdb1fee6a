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

    public static long Location(int classId) => Tag | (uint)classId;
}
