namespace Lockstep.Kernel.Lockdep;

/// <summary>A graph edge; <see cref="Kinds"/> only grows, and only under the graph's lock.</summary>
internal sealed class DependencyEdge(int from, int to, DependencyKinds kinds, LockTrace trace)
{
    public int From { get; } = from;
    public int To { get; } = to;
    public DependencyKinds Kinds { get; set; } = kinds;
    public LockTrace Trace { get; } = trace;

    public LockDependency Snapshot() => new(From, To, Kinds, Trace);
}
