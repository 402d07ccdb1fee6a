namespace Lockstep.Kernel.Lockdep;

/// <summary>Per-class graph state: its edges both ways, its usage mask and the stack that set each usage bit.</summary>
internal sealed class LockClassNode(int id)
{
    public int Id { get; } = id;
    /// <summary>lockdep's <c>locks_after</c>: edges this class → later lock.</summary>
    public List<DependencyEdge> After { get; } = [];
    /// <summary>lockdep's <c>locks_before</c>: edges earlier lock → this class.</summary>
    public List<DependencyEdge> Before { get; } = [];
    /// <summary>Read without the graph lock (fast "already marked?" check); written only under it.</summary>
    public int Usage;
    /// <summary><c>usage_traces[]</c> for bits 0..8.</summary>
    public LockTrace?[] UsageTraces { get; } = new LockTrace?[LockUsage.Used + 1];
}
