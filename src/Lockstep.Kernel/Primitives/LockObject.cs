using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// The cells every lock-like object has, as the headers in models/include declare them
/// (<c>struct { long __owner; long __count; long __waiters; const char *__name; long __key; ... }</c>):
/// owner thread + 1 (writer), reader count, queued writers, the lockdep name (a string) and class key
/// (0 = a statically defined lock, whose class is its own address, as lockdep does for static objects).
/// SRCU reuses the first three as the current index and the two reader counters.
/// </summary>
public static class LockObject
{
    public const int Owner = 0;
    public const int Count = 1;
    public const int Waiters = 2;
    public const int Name = 3;
    public const int Key = 4;
    public const int Extra = 5;

    /// <summary>
    /// The footprint of a primitive on the lock at <paramref name="address"/>: every cell it may touch, exactly — the
    /// lock word cells (owner, readers, waiters, and <paramref name="extra"/> more for SRCU's state) are written, the
    /// name and class key read (an init writes them too: <paramref name="init"/>).
    /// </summary>
    public static void AddFootprint(IFootprintSink sink, long address, int extra = 0, bool init = false)
    {
        sink.Add(address + Owner, write: true);
        sink.Add(address + Count, write: true);
        sink.Add(address + Waiters, write: true);
        sink.Add(address + Name, write: init);
        sink.Add(address + Key, write: init);
        for (var i = 0; i < extra; i++) sink.Add(address + Extra + i, write: true);
    }

    /// <summary>Class key of a lock set up by an init call at <paramref name="site"/> (lockdep: one class per call site).</summary>
    public static long SiteKey(int site) => (1L << 62) | (uint)site;

    /// <summary>
    /// The key lockdep_set_subclass() gives a lock: its class key with the default subclass its acquisitions take
    /// (kernel: lockdep_init_map_type(..., subclass)). The subclass is in bits 54..60 under marker bit 61; the base key
    /// keeps its low 53 bits (pointers and site keys fit) and bit 62 as bit 53.
    /// </summary>
    public static long SubclassKey(long baseKey, int subclass) =>
        (1L << 61) | ((long)(subclass & 0x7F) << 54) | ((baseKey >> 62 & 1) << 53) | (baseKey & ((1L << 53) - 1));

    /// <summary>Splits a key made by <see cref="SubclassKey"/> (subclass 0 for any other key).</summary>
    public static (long BaseKey, int Subclass) SplitKey(long key) =>
        (key & (1L << 61)) == 0 || key == Lockdep.LockClassRegistry.NoValidateKey || key == Lockdep.LockClassRegistry.FsReclaimKey
            ? (key, 0)
            : (((key >> 53 & 1) << 62) | (key & ((1L << 53) - 1)), (int)(key >> 54 & 0x7F));

    /// <summary>The lockdep class key of the lock at <paramref name="address"/>.</summary>
    public static long ClassKey(IntrinsicCall call, long address)
    {
        call.TryRead(address + Key, out var key);
        return key != 0 ? key : address;
    }

    /// <summary>The lockdep class name: the name cell if set, else the global's field path (as DEFINE_SPINLOCK(x) names it x).</summary>
    public static string ClassName(IntrinsicCall call, long address)
    {
        if (call.TryRead(address + Name, out var name) && name != 0)
            return call.StringAt(name);
        var obj = Pointer.ObjectOf(address);
        var globals = call.Program.Program.Globals;
        if (obj >= 1 && obj <= globals.Count)
        {
            var g = globals[obj - 1];
            var offset = Pointer.OffsetOf(address);
            if (offset < g.FieldNames.Length)
            {
                var field = g.FieldNames[offset];
                // "lock.__owner" → "lock": the class is named after the lock, not its first cell.
                var dot = field.LastIndexOf(".__", StringComparison.Ordinal);
                return dot > 0 ? field[..dot] : field == "__owner" ? g.Name : field;
            }
            return g.Name;
        }
        return $"lock#{obj}";
    }
}
