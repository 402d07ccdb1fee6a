namespace Lockstep.Cluster;

/// <summary>An owner's answer to a batch: how many of its states were new, and whether its store refused any (full).</summary>
[GenerateSerializer, Immutable]
public readonly record struct Accepted([property: Id(0)] long Added, [property: Id(1)] bool Refused);
