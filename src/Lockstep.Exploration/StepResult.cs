namespace Lockstep.Exploration;

/// <summary>
/// The outcome of one step. <see cref="Successor"/> is owned by the executor and valid
/// only until its next call; the search copies it when it must keep it.
/// </summary>
public readonly ref struct StepResult
{
    public ReadOnlySpan<byte> Successor { get; init; }
    public IBug? Bug { get; init; }
}
