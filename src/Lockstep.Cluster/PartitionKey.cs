namespace Lockstep.Cluster;

/// <summary>A partition grain's key: "searchId/index" (<see cref="PartitionPlacementDirector"/> reads the index).</summary>
internal static class PartitionKey
{
    public static string Of(string search, int index) => $"{search}/{index}";

    public static string SearchOf(string key) => key[..key.LastIndexOf('/')];
}
