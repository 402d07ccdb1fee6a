namespace Lockstep.Cluster;

/// <summary>What one partition did in one level: the barrier adds these up.</summary>
[GenerateSerializer, Immutable]
public sealed record LevelReport
{
    [Id(0)] public BugCandidate[] Bugs { get; init; } = [];
    /// <summary>States this partition's expansion made new anywhere (its own and those its owners accepted).</summary>
    [Id(1)] public long NewStates { get; init; }
    [Id(2)] public long Transitions { get; init; }
    /// <summary>A state at the depth bound had successors that were not explored.</summary>
    [Id(3)] public bool DepthCut { get; init; }
    /// <summary>This partition's store refused a state (memory or the state bound).</summary>
    [Id(4)] public bool StoreFull { get; init; }
    [Id(5)] public long Messages { get; init; }
    [Id(6)] public long BytesSent { get; init; }
    [Id(7)] public long StatesSent { get; init; }
    /// <summary>This partition's lockdep graph after the level (JSON of a LockdepSnapshot), null when it learnt nothing.</summary>
    [Id(8)] public byte[]? Graph { get; init; }
    /// <summary>Steps of this level that taught lockdep something: they are re-run against the others' graphs.</summary>
    [Id(9)] public int GraphSteps { get; init; }
    [Id(10)] public long StoredStates { get; init; }
    [Id(11)] public bool Stopped { get; init; }
    /// <summary>A successor went past a size bound of the model (--max-threads, --max-objects): not explored.</summary>
    [Id(12)] public string? BoundExceeded { get; init; }
}
