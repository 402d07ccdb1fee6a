namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// The read/write-ness of one <c>prev -&gt; next</c> dependency, as lockdep's <c>DEP_*_BIT</c>: first letter
/// is how prev was held (Shared or Exclusive), second how next was taken (Recursive reader or Non-recursive).
/// An edge accumulates every kind it was seen with. Bit n = (prev exclusive ? 1 : 0) + (next non-recursive ? 2 : 0).
/// </summary>
[Flags]
public enum DependencyKinds : byte
{
    None = 0,
    SharedToRecursive = 1 << 0,
    ExclusiveToRecursive = 1 << 1,
    SharedToNonRecursive = 1 << 2,
    ExclusiveToNonRecursive = 1 << 3,
}

/// <summary>Builds <see cref="DependencyKinds"/> from the two acquisitions (lockdep's <c>calc_dep</c>).</summary>
public static class DependencyKind
{
    public static DependencyKinds Of(LockReadMode prev, LockReadMode next) =>
        (DependencyKinds)(1 << ((prev == LockReadMode.Exclusive ? 1 : 0) + (next != LockReadMode.RecursiveRead ? 2 : 0)));

    /// <summary>Kinds whose prev side is exclusive (-(E*)-&gt;).</summary>
    public const DependencyKinds FromExclusive = DependencyKinds.ExclusiveToRecursive | DependencyKinds.ExclusiveToNonRecursive;

    /// <summary>Kinds whose next side is non-recursive (-(*N)-&gt;).</summary>
    public const DependencyKinds ToNonRecursive = DependencyKinds.SharedToNonRecursive | DependencyKinds.ExclusiveToNonRecursive;
}
