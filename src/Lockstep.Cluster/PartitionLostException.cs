namespace Lockstep.Cluster;

/// <summary>A partition's states are gone (its silo left and Orleans re-activated it empty elsewhere): the search
/// cannot be complete.</summary>
[GenerateSerializer]
public sealed class PartitionLostException : Exception
{
    public PartitionLostException() { }
    public PartitionLostException(string message) : base(message) { }
    public PartitionLostException(string message, Exception inner) : base(message, inner) { }
}
