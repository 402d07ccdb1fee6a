using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Lockstep.Cluster;

/// <summary>
/// Puts partition i of a search on the i-th silo (silos in address order), so each silo holds one partition of the
/// visited states and does its share of the work; with more partitions than silos they wrap around.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class PartitionPlacement : PlacementStrategy
{
    internal static readonly PartitionPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PartitionPlacementAttribute() : PlacementAttribute(PartitionPlacement.Instance);

internal sealed class PartitionPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var key = target.GrainIdentity.Key.ToString();
        var slash = key.LastIndexOf('/');
        var index = slash >= 0 && int.TryParse(key.AsSpan(slash + 1), out var i) ? i : 0;
        return Task.FromResult(silos[index % silos.Length]);
    }
}
