namespace Lockstep.Exploration;

/// <summary>A progress snapshot passed to <see cref="SearchOptions.Progress"/> (at most about four times a second).</summary>
public readonly record struct SearchProgress(long States, long Transitions, int Depth, TimeSpan Elapsed);
