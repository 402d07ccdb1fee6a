using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>
/// A bug report the kernel would print. Records hold the facts as they were when the bug was found (usage
/// characters included); <see cref="SplatFormatter"/> turns them into the kernel's text.
/// </summary>
public abstract record KernelSplat(BugKind Kind, LockdepTask Task, LockTrace Stack)
{
    /// <summary>The splat's title line, e.g. "WARNING: possible recursive locking detected".</summary>
    public abstract string Title { get; }
}
