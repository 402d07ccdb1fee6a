namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// One lockdep class. <see cref="Name"/> is what lockdep prints (e.g. <c>srcu</c>, <c>&amp;kvm-&gt;mmu_lock</c>);
/// <see cref="NameVersion"/> &gt; 1 prints as <c>#n</c> (two keys with one name) and a non-zero
/// <see cref="Subclass"/> as <c>/n</c>. A subclass is a class of its own, as in lockdep
/// (<c>key-&gt;subkeys + subclass</c>), sharing <see cref="Key"/> with its base class.
/// </summary>
public sealed record LockClass(
    int Id,
    long Key,
    string Name,
    LockClassKind Kind,
    LockWaitType WaitInner,
    LockWaitType WaitOuter,
    int Subclass,
    int NameVersion)
{
    /// <summary>The name as <c>__print_lock_name</c> prints it.</summary>
    public string PrintedName =>
        Name + (NameVersion > 1 ? "#" + NameVersion : "") + (Subclass != 0 ? "/" + Subclass : "");
}
