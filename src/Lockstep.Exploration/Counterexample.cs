namespace Lockstep.Exploration;

/// <summary>
/// A bug and the transitions from the initial state that reach it (the last one raised it, for step bugs). For a
/// lasso (<see cref="FairCycle"/>), <see cref="LoopStart"/> is how many transitions lead to the cycle: the ones from
/// there on repeat forever.
/// </summary>
public sealed record Counterexample(IBug Bug, IReadOnlyList<Transition> Path)
{
    public int? LoopStart { get; init; }
}
