namespace Lockstep.Kernel.Splats;

/// <summary>
/// Deterministic stand-ins for the addresses and symbol offsets a real splat prints. A model has no kernel
/// image, so these are derived from the model's own values: distinct locks get distinct addresses, and the
/// same function always prints the same size.
/// </summary>
public static class KernelAddresses
{
    private const ulong HeapBase = 0xffff888100000000UL;
    private const ulong TextBase = 0xffffffff81000000UL;

    /// <summary><c>%px</c> of a lock instance: a direct-map address 64 bytes per model address.</summary>
    public static string Instance(long instance) => (HeapBase + ((ulong)instance << 6)).ToString("x16");

    /// <summary><c>%px</c> of a class key.</summary>
    public static string Key(long key) => (TextBase + 0x2000000UL + (((ulong)key & 0xFFFFFF) << 4)).ToString("x16");

    /// <summary><c>%pS</c> of a code address in <paramref name="function"/> at <paramref name="location"/>:
    /// <c>function+0xoff/0xsize</c>. A function that already carries an offset is printed as is.</summary>
    public static string Symbol(string function, string location = "")
    {
        if (function.Contains('+'))
            return function;
        var size = 0x80 + (Hash(function) % 0x380) & ~0xFUL;
        var offset = 0x10 + Hash(function + "@" + location) % (size - 0x10);
        return $"{function}+0x{offset:x}/0x{size:x}";
    }

    /// <summary><c>[&lt;%px&gt;]</c> of a code address in <paramref name="function"/>.</summary>
    public static string CodeAddress(string function, string location = "") =>
        (TextBase + (Hash(function) % 0x1000000 << 4) + Hash(function + "@" + location) % 0x100).ToString("x16");

    // FNV-1a: stable across runs and platforms, unlike string.GetHashCode.
    private static ulong Hash(string text)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 0x100000001b3UL;
        }
        return hash;
    }
}
