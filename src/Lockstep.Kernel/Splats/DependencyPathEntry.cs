using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>
/// One class of a "shortest dependencies" listing (<c>print_shortest_lock_dependencies</c>): its header at
/// <paramref name="Depth"/> with every usage and where it was set, then where it was acquired (if known).
/// </summary>
public sealed record DependencyPathEntry(PrintedClass Class, int Depth, IReadOnlyList<UsageTrace> Usages, LockTrace? AcquiredAt);
