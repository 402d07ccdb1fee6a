namespace Lockstep.Exploration;

public enum SearchOutcome
{
    /// <summary>The state space was exhausted (within the model) and no bug was found.</summary>
    Ok,
    /// <summary>At least one bug was found.</summary>
    Bug,
    /// <summary>No bug was found but the space was not covered; see <see cref="IncompleteReason"/>.</summary>
    Incomplete,
}
