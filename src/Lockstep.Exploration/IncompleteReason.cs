namespace Lockstep.Exploration;

/// <summary>Why a search did not cover the whole state space.</summary>
public enum IncompleteReason
{
    None,
    StateLimit,
    DepthLimit,
    TimeLimit,
    MemoryLimit,
    /// <summary>A successor went past a size bound of the model (threads, objects); <see cref="SearchResult.Message"/> says which.</summary>
    ModelLimit,
    Cancelled,
    /// <summary>Random and PCT sample schedules: they are never exhaustive.</summary>
    Sampled,
    /// <summary>Replay followed the whole path without reaching a bug.</summary>
    ReplayFinished,
    /// <summary>Replay met a transition that is not enabled; <see cref="SearchResult.Message"/> says where.</summary>
    ReplayDiverged,
    /// <summary>A search spread over several machines lost one of them, and the states it owned;
    /// <see cref="SearchResult.Message"/> says which.</summary>
    PartitionLost,
}
