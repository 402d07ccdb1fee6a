namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// lockdep's per-class usage mask (<c>enum lock_usage_bit</c>, one bit each). Bit n is encoded as:
/// bit0 = read, bit1 = direction (0 used in irq, 1 irq enabled), bits 2.. = state (HARDIRQ, SOFTIRQ).
/// </summary>
[Flags]
public enum LockUsageBits : ushort
{
    None = 0,
    UsedInHardirq = 1 << 0,
    UsedInHardirqRead = 1 << 1,
    EnabledHardirq = 1 << 2,
    EnabledHardirqRead = 1 << 3,
    UsedInSoftirq = 1 << 4,
    UsedInSoftirqRead = 1 << 5,
    EnabledSoftirq = 1 << 6,
    EnabledSoftirqRead = 1 << 7,
    Used = 1 << 8,
    UsedRead = 1 << 9,
}
