namespace Lockstep.Reports;

/// <summary>The lock-order graph lockdep accumulated over a search: classes and "taken while holding" edges.</summary>
public sealed record LockGraph(IReadOnlyList<string> Classes, IReadOnlyList<LockGraphEdge> Edges)
{
    public static readonly LockGraph Empty = new([], []);
}

/// <summary>An edge: <see cref="To"/> was acquired while <see cref="From"/> was held; <see cref="Where"/> is the model line.</summary>
public sealed record LockGraphEdge(int From, int To, string Kind, string Where);
