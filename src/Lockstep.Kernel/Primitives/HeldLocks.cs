using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>One entry of a thread's held-lock stack, as lockdep keeps it.</summary>
public readonly record struct HeldEntry(long Address, long ClassKey, LockKind Kind, AcquireMode Mode, int Subclass, bool Trylock, int Site, int IrqContext = 0)
{
    internal long Flags => (long)Mode | ((long)Subclass << 4) | (Trylock ? 1L << 12 : 0) | ((long)Kind << 16) | ((long)IrqContext << 24);

    internal static HeldEntry From(long address, long key, long flags, long site) =>
        new(address, key, (LockKind)((flags >> 16) & 0xFF), (AcquireMode)(flags & 3), (int)((flags >> 4) & 0xFF), (flags & (1L << 12)) != 0, (int)site, (int)((flags >> 24) & 3));
}

/// <summary>
/// A thread's held-lock stack in its variable-length kernel list (4 words per entry, innermost last), which is part
/// of the state vector because what may be acquired next depends on it.
/// </summary>
public readonly struct HeldLocks(LongList list)
{
    private const int Words = 4;

    public static HeldLocks Of(ModelThread thread) => new(thread.Held);

    public int Count => list.Count / Words;

    public HeldEntry this[int index]
    {
        get
        {
            var b = index * Words;
            return HeldEntry.From(list[b], list[b + 1], list[b + 2], list[b + 3]);
        }
    }

    public void Push(in HeldEntry entry)
    {
        list.Add(entry.Address);
        list.Add(entry.ClassKey);
        list.Add(entry.Flags);
        list.Add(entry.Site);
    }

    /// <summary>Index of the innermost entry for the lock at <paramref name="address"/>, or -1.</summary>
    public int IndexOf(long address)
    {
        for (var i = Count - 1; i >= 0; i--)
            if (list[i * Words] == address) return i;
        return -1;
    }

    public void RemoveAt(int index) => list.RemoveRange(index * Words, Words);

    /// <summary>Gives the entry at <paramref name="index"/> another class key (lock_set_class()).</summary>
    public void SetClassKey(int index, long key) => list[index * Words + 1] = key;

    public bool Holds(long address) => IndexOf(address) >= 0;
}
