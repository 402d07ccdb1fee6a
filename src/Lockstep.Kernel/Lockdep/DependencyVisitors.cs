namespace Lockstep.Kernel.Lockdep;

/// <summary>lockdep's <c>hlock_conflict</c>: the search from <c>next</c> reached the held lock's class by a path
/// that, closed by <c>held -&gt; next</c>, is a strong cycle (the closing edge is -(E*)-&gt; or the path is -(*N)-&gt;).</summary>
internal struct CycleVisitor(int heldClass, LockReadMode heldRead) : IDependencyVisitor
{
    public readonly bool Matches(LockClassNode node, bool onlyRecursive) =>
        node.Id == heldClass && (heldRead == LockReadMode.Exclusive || !onlyRecursive);

    public readonly bool SkipsPerCpu => false;
}

/// <summary>lockdep's <c>usage_match</c>: a class whose usage (exclusive bits only, behind a recursive-only
/// path) intersects the wanted mask.</summary>
internal struct UsageVisitor(int mask) : IDependencyVisitor
{
    public readonly bool SkipsPerCpu => true;

    public readonly bool Matches(LockClassNode node, bool onlyRecursive)
    {
        var usage = Volatile.Read(ref node.Usage);
        if (onlyRecursive)
            usage &= LockUsage.IrqWrite;
        return (usage & mask) != 0;
    }
}

/// <summary>lockdep's <c>usage_accumulate</c>: ORs the usage of every class reaching the root by a strong
/// path (exclusive bits only where every such path starts with a shared hold); never matches.</summary>
internal struct UsageAccumulator : IDependencyVisitor
{
    public int Mask;

    public readonly bool SkipsPerCpu => true;

    public bool Matches(LockClassNode node, bool onlyRecursive)
    {
        var usage = Volatile.Read(ref node.Usage);
        Mask |= onlyRecursive ? usage & LockUsage.IrqWrite : usage;
        return false;
    }
}
