namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// The usage-bit arithmetic of lockdep.c (<c>exclusive_bit</c>, <c>exclusive_mask</c>, <c>original_mask</c>,
/// <c>find_exclusive_match</c>, <c>usage_str</c>, <c>get_usage_chars</c>), on bit numbers 0..9.
/// </summary>
public static class LockUsage
{
    public const int UsedInHardirq = 0;
    public const int EnabledHardirq = 2;
    public const int UsedInSoftirq = 4;
    public const int EnabledSoftirq = 6;
    public const int Used = 8;
    public const int UsedRead = 9;
    public const int ReadMask = 1;
    public const int DirMask = 2;

    /// <summary>Bits 0..7: the irq usage bits (LOCKF_USED_IN_IRQ_ALL | LOCKF_ENABLED_IRQ_ALL).</summary>
    public const int IrqAll = 0xFF;
    /// <summary>LOCKF_USED_IN_IRQ_ALL.</summary>
    public const int UsedInIrqAll = 0x33;
    /// <summary>LOCKF_ENABLED_IRQ_ALL.</summary>
    public const int EnabledIrqAll = 0xCC;
    /// <summary>LOCKF_IRQ: the exclusive (non-read) irq bits.</summary>
    public const int IrqWrite = 0x55;
    /// <summary>LOCKF_IRQ_READ.</summary>
    public const int IrqRead = 0xAA;

    private static readonly string[] UsageNames =
    [
        "IN-HARDIRQ-W", "IN-HARDIRQ-R", "HARDIRQ-ON-W", "HARDIRQ-ON-R",
        "IN-SOFTIRQ-W", "IN-SOFTIRQ-R", "SOFTIRQ-ON-W", "SOFTIRQ-ON-R",
        "INITIAL USE", "INITIAL READ USE",
    ];

    /// <summary><c>usage_str[bit]</c>, e.g. <c>IN-HARDIRQ-W</c>.</summary>
    public static string Name(int bit) => UsageNames[bit];

    /// <summary><c>state_name(bit)</c>: <c>HARDIRQ</c>, <c>SOFTIRQ</c>, or their <c>-READ</c> forms.</summary>
    public static string StateName(int bit) =>
        ((bit >> 2) == 0 ? "HARDIRQ" : "SOFTIRQ") + ((bit & ReadMask) != 0 ? "-READ" : "");

    /// <summary><c>exclusive_bit()</c>: same state, flipped direction, read stripped.</summary>
    public static int ExclusiveBit(int bit) => (bit & ~3) | ((bit & DirMask) ^ DirMask);

    private static int InvertDirection(int mask) =>
        ((mask & EnabledIrqAll) >> DirMask) | ((mask & UsedInIrqAll) << DirMask);

    /// <summary><c>exclusive_mask()</c>: every usage (read or not) that deadlocks against one in <paramref name="mask"/>.</summary>
    public static int ExclusiveMask(int mask)
    {
        var excl = InvertDirection(mask);
        excl |= (excl & IrqRead) >> ReadMask;
        excl |= (excl & IrqWrite) << ReadMask;
        return excl;
    }

    /// <summary><c>original_mask()</c>: the usages <paramref name="mask"/> could be exclusive to.</summary>
    public static int OriginalMask(int mask) => ExclusiveMask(mask);

    /// <summary><c>find_exclusive_match()</c>: the first pair (bit in <paramref name="mask"/>, its exclusive bit in
    /// <paramref name="exclusiveMask"/>), or (-1, -1).</summary>
    public static (int Bit, int ExclusiveBit) FindExclusiveMatch(int mask, int exclusiveMask)
    {
        for (var bit = 0; bit < Used; bit++)
        {
            if ((mask & (1 << bit)) == 0)
                continue;
            var excl = ExclusiveBit(bit);
            if ((exclusiveMask & (1 << excl)) != 0)
                return (bit, excl);
            if ((exclusiveMask & (1 << (excl | ReadMask))) != 0)
                return (bit, excl | ReadMask);
        }
        return (-1, -1);
    }

    /// <summary><c>get_usage_chars()</c>: four characters (hardirq-write, hardirq-read, softirq-write,
    /// softirq-read), each '.', '+' (enabled), '-' (in irq) or '?' (both).</summary>
    public static string Chars(LockUsageBits usage)
    {
        Span<char> chars = stackalloc char[4];
        var mask = (int)usage;
        var i = 0;
        foreach (var bit in (ReadOnlySpan<int>)[UsedInHardirq, UsedInHardirq + 1, UsedInSoftirq, UsedInSoftirq + 1])
        {
            var c = '.';
            if ((mask & (1 << (bit + DirMask))) != 0)
                c = (mask & (1 << bit)) != 0 ? '?' : '+';
            else if ((mask & (1 << bit)) != 0)
                c = '-';
            chars[i++] = c;
        }
        return new string(chars);
    }
}
