using Lockstep.Exploration;

namespace Lockstep.Cluster;

/// <summary>
/// A bug a partition found in a level, with what the fixed tie-break orders by: the length of its path (an end-state
/// bug of level d is d steps long, a step bug d + 1), then the fingerprint of the state it was found from, then the
/// transition. None of these depends on how states were spread, so the bug reported is the same on any number of silos
/// for the same set of candidates.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BugCandidate(
    [property: Id(0)] int Partition,
    [property: Id(1)] int Index,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Title,
    [property: Id(4)] int PathLength,
    [property: Id(5)] ulong StateHigh,
    [property: Id(6)] ulong StateLow,
    [property: Id(7)] int Thread,
    [property: Id(8)] int Choice,
    [property: Id(9)] long Local) : IComparable<BugCandidate>
{
    public int CompareTo(BugCandidate? other)
    {
        if (other is null) return 1;
        var c = PathLength.CompareTo(other.PathLength);
        if (c == 0) c = StateHigh.CompareTo(other.StateHigh);
        if (c == 0) c = StateLow.CompareTo(other.StateLow);
        if (c == 0) c = Thread.CompareTo(other.Thread);
        if (c == 0) c = Choice.CompareTo(other.Choice);
        if (c == 0) c = string.CompareOrdinal(Kind, other.Kind);
        return c;
    }

    /// <summary>A candidate found by partition <paramref name="partition"/> (its slot <paramref name="index"/>) at its state
    /// <paramref name="local"/> (fingerprint <paramref name="from"/>), by <paramref name="step"/> or at the end state.</summary>
    public static BugCandidate For(int partition, int index, IBug bug, int pathLength, long local, Fingerprint from, Transition? step) =>
        new(partition, index, bug.Kind, bug.Title, pathLength, from.High, from.Low, step?.Thread ?? -1, step?.Choice ?? -1, local);
}
