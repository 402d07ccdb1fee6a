namespace Lockstep.Exploration;

/// <summary>A bug and the transitions from the initial state that reach it (the last one raised it, for step bugs).</summary>
public sealed record Counterexample(IBug Bug, IReadOnlyList<Transition> Path);
