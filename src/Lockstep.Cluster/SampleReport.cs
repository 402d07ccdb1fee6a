namespace Lockstep.Cluster;

/// <summary>What one silo's share of a random or PCT search found: its seed, its counts, and its first bug if any.</summary>
[GenerateSerializer, Immutable]
public sealed record SampleReport
{
    [Id(0)] public int Seed { get; init; }
    [Id(1)] public RemoteBug? Bug { get; init; }
    [Id(2)] public long States { get; init; }
    [Id(3)] public long Transitions { get; init; }
    [Id(4)] public int MaxDepth { get; init; }
    [Id(5)] public int Schedules { get; init; }
    [Id(6)] public bool[] Sites { get; init; } = [];
    [Id(7)] public byte[] Jumps { get; init; } = [];
    [Id(8)] public byte[]? Graph { get; init; }
    [Id(9)] public string? Error { get; init; }
}
