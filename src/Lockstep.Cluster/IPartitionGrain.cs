using Orleans.Concurrency;

namespace Lockstep.Cluster;

/// <summary>
/// One partition of one search (key "searchId/index"): it owns the fingerprints that hash to it, the parent links of
/// its states and its frontier, and expands its states level by level. Successors travel to their owners through
/// <see cref="Receive"/>, which interleaves with the running level (the expansion yields between batches), so two
/// partitions sending to each other never wait on each other.
/// </summary>
public interface IPartitionGrain : IGrainWithStringKey
{
    /// <summary>Compiles the shipped model, checks its content hash, and takes its place among <paramref name="count"/> partitions.
    /// Returns null, or the reason it cannot take part (a hash mismatch, a compile error).</summary>
    Task<string?> Prepare(SearchSpec spec, int index, int count);

    /// <summary>The owner of the initial state adds it (level 0).</summary>
    Task<long> AddInitial();

    /// <summary>Expands every state of level <paramref name="depth"/> this partition owns, after importing
    /// <paramref name="graph"/> (the lockdep graph merged at the last barrier, if it grew).</summary>
    Task<LevelReport> ExpandLevel(int depth, byte[]? graph);

    /// <summary>Successors whose fingerprint this partition owns; says how many were new and whether any was refused.</summary>
    [AlwaysInterleave]
    Task<Accepted> Receive(SuccessorBatch batch);

    /// <summary>Stops the running level at its next yield (a bound, a cancellation, a lost silo).</summary>
    [AlwaysInterleave]
    Task Stop();

    /// <summary>Re-runs this level's steps that taught lockdep something against the level's starting graph plus
    /// <paramref name="others"/> (what the other partitions learnt): a dependency recorded here that closes a cycle
    /// with one recorded elsewhere is reported as lockdep would have, had one process seen both.</summary>
    Task<BugCandidate[]> Recheck(byte[] others);

    /// <summary>The parent link of a state of this partition.</summary>
    Task<ParentLink> Parent(long local);

    /// <summary>The full report of a candidate this partition found, given its rebuilt path.</summary>
    Task<RemoteBug> Describe(int candidate, int[] threads, int[] choices);

    Task<CoverageSnapshot> Coverage();

    /// <summary>Runs this silo's share of a random or PCT search with its own seed.</summary>
    Task<SampleReport> Sample(SearchSpec spec, int seed, int schedules);

    /// <summary>Drops everything this partition holds.</summary>
    Task Release();
}
