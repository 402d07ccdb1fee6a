namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// The match function of a graph search (lockdep's <c>match</c> callback). <paramref name="onlyRecursive"/>
/// is <c>lock_list::only_xr</c>: every strong path found to the node ends, forwards, in a recursive-read
/// acquisition (backwards: starts with a shared hold). A struct implementation keeps searches allocation-free.
/// </summary>
internal interface IDependencyVisitor
{
    bool Matches(LockClassNode node, bool onlyRecursive);

    /// <summary>lockdep's <c>usage_skip</c>: the irq-usage searches never match a per-CPU (local_lock_t) class
    /// nor go on through it.</summary>
    bool SkipsPerCpu { get; }
}
