namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// What a <see cref="LockdepGraph"/> has learnt, by class key rather than by id (ids are given in first-intern order,
/// which differs between processes that explored different paths): every class, every dependency with its kinds and
/// first stack, every usage bit with the stack that set it. A search spread over several processes merges these at
/// each level's barrier, so a circular dependency whose halves were recorded in different processes is still seen.
/// </summary>
public sealed record LockdepSnapshot(
    IReadOnlyList<LockdepSnapshot.ClassEntry> Classes,
    IReadOnlyList<LockdepSnapshot.EdgeEntry> Edges,
    IReadOnlyList<LockdepSnapshot.UsageEntry> Usages)
{
    public static LockdepSnapshot Empty { get; } = new([], [], []);

    /// <summary>A class as its registry interned it; <see cref="Subclass"/> 0 is the base class.</summary>
    public sealed record ClassEntry(long Key, int Subclass, string Name, LockClassKind Kind, LockWaitType WaitInner, LockWaitType WaitOuter);

    /// <summary>A dependency between two entries of <see cref="Classes"/> (by index).</summary>
    public sealed record EdgeEntry(int From, int To, DependencyKinds Kinds, IReadOnlyList<string> Frames);

    /// <summary>A class's usage bits and, per bit 0..8, the stack that first set it (null when unset).</summary>
    public sealed record UsageEntry(int Class, int Bits, IReadOnlyList<IReadOnlyList<string>?> Traces);
}
