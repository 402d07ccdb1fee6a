namespace Lockstep.Cluster;

/// <summary>How a state was first reached: its parent (partition and local id; -1 for the initial state) and the transition.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ParentLink(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Local,
    [property: Id(2)] int Thread,
    [property: Id(3)] int Choice);
