namespace Lockstep.Exploration;

/// <summary>The verdict of one search.</summary>
public sealed record SearchResult(
    SearchOutcome Outcome,
    IncompleteReason IncompleteReason,
    IReadOnlyList<Counterexample> Bugs,
    SearchStatistics Statistics)
{
    /// <summary>The seed Random/PCT used (given or drawn), so the run can be repeated.</summary>
    public int? Seed { get; init; }

    /// <summary>Human-readable detail, e.g. where a replay diverged.</summary>
    public string? Message { get; init; }
}
