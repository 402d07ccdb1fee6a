namespace Lockstep.Exploration;

/// <summary>
/// A policy that builds one schedule at a time by picking the next transition (Coyote's
/// scheduling strategies). <see cref="ScheduleSampler"/> is the runtime that executes them.
/// </summary>
internal interface ISchedulingStrategy
{
    /// <summary>Prepares schedule number <paramref name="schedule"/>.</summary>
    void StartSchedule(int schedule);

    /// <summary>Picks one of <paramref name="enabled"/> (never empty); false ends the schedule.</summary>
    bool TryChoose(List<Transition> enabled, int depth, out Transition chosen);

    /// <summary>Told how long the finished schedule was.</summary>
    void EndSchedule(int length);

    /// <summary>What the verdict says when no bug was found (Sampled, or ReplayFinished/ReplayDiverged).</summary>
    IncompleteReason NoBugReason { get; }

    string? Message { get; }
}
