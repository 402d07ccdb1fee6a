namespace Lockstep.Exploration;

/// <summary>
/// The outcome of one step. <see cref="Successor"/> is owned by the executor and valid
/// only until its next call; the search copies it when it must keep it.
/// </summary>
public readonly ref struct StepResult
{
    public ReadOnlySpan<byte> Successor { get; init; }
    public IBug? Bug { get; init; }
    /// <summary>Set when the successor went past a size bound of the model (threads, objects): it must not be explored,
    /// and the search is incomplete. The text says which bound, where, and how to raise it.</summary>
    public string? BoundExceeded { get; init; }
}
