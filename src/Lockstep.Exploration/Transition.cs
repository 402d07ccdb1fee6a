namespace Lockstep.Exploration;

/// <summary>Which thread runs and which of its nondeterministic choices (0 if it has only one).</summary>
public readonly record struct Transition(int Thread, int Choice)
{
    public override string ToString() => $"{Thread}.{Choice}";
}
