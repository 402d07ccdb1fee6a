namespace Lockstep.Cluster;

/// <summary>The lines and branch sides one partition's executors reached (Machine's Coverage flags).</summary>
[GenerateSerializer, Immutable]
public sealed record CoverageSnapshot([property: Id(0)] bool[] Sites, [property: Id(1)] byte[] Jumps)
{
    public void MergeInto(Machine.Execution.Coverage into)
    {
        for (var i = 0; i < Sites.Length && i < into.Sites.Length; i++) into.Sites[i] |= Sites[i];
        for (var i = 0; i < Jumps.Length && i < into.Jumps.Length; i++) into.Jumps[i] |= Jumps[i];
    }
}
