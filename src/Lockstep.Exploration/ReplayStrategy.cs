namespace Lockstep.Exploration;

/// <summary>Follows a recorded path exactly; the first transition that is not enabled ends the replay as diverged.</summary>
internal sealed class ReplayStrategy(IReadOnlyList<Transition> path) : ISchedulingStrategy
{
    public IncompleteReason NoBugReason { get; private set; } = IncompleteReason.ReplayFinished;

    public string? Message { get; private set; }

    public void StartSchedule(int schedule)
    {
    }

    public bool TryChoose(List<Transition> enabled, int depth, out Transition chosen)
    {
        chosen = default;
        if (depth >= path.Count)
        {
            Message = $"replay finished after {path.Count} steps; {enabled.Count} transitions still enabled";
            return false;
        }
        chosen = path[depth];
        if (enabled.Contains(chosen))
            return true;
        NoBugReason = IncompleteReason.ReplayDiverged;
        Message = $"replay diverged at step {depth}: transition {chosen} is not enabled (enabled: {string.Join(", ", enabled)})";
        return false;
    }

    public void EndSchedule(int length)
    {
    }
}
