namespace Lockstep.Cluster;

/// <summary>
/// Successors one partition sends to their owner: per successor its parent (a local id of the sender), the transition
/// that reached it, and its bytes (all states concatenated, cut by <see cref="Lengths"/>). One message per batch, not
/// per state: the per-state cost is the bytes of the state and 20 bytes of link. <see cref="Depth"/> is the successors'
/// level: a batch may arrive before its owner has started the level that produced it, and must not join that level.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SuccessorBatch(
    [property: Id(0)] int FromPartition,
    [property: Id(1)] long[] Parents,
    [property: Id(2)] int[] Threads,
    [property: Id(3)] int[] Choices,
    [property: Id(4)] int[] Lengths,
    [property: Id(5)] byte[] States,
    [property: Id(6)] int Depth)
{
    /// <summary>What the batch carries, in bytes (states and links; the transport's own framing is not counted).</summary>
    public long PayloadBytes => States.LongLength + 20L * Parents.Length;
}
