namespace Lockstep.Exploration;

/// <summary>What a search covered and what it cost.</summary>
/// <param name="States">Distinct states stored (by fingerprint).</param>
/// <param name="Transitions">Steps executed.</param>
/// <param name="MaxDepth">Deepest state reached (transitions from the initial state).</param>
/// <param name="PeakMemoryBytes">Peak working set of the process (falls back to the GC heap size).</param>
/// <param name="StoreBytes">Bytes of fingerprint table allocated.</param>
/// <param name="CollisionProbability">
/// Estimated probability that a 128-bit fingerprint collision made the search treat a new state as
/// seen: the birthday bound n(n-1)/2^129 for n stored states (each new state collides with one of at
/// most n earlier fingerprints with probability n/2^128; summed over all insertions) — 2^113 where the depth-first
/// search keeps sleep sets in the store's slots and compares 112 bits. TLC reports the
/// same kind of estimate for its 64-bit fingerprints.
/// </param>
/// <param name="Schedules">Schedules run (Random, PCT, Replay), otherwise 0.</param>
public sealed record SearchStatistics(
    long States,
    long Transitions,
    int MaxDepth,
    TimeSpan Elapsed,
    double StatesPerSecond,
    long PeakMemoryBytes,
    long StoreBytes,
    double CollisionProbability,
    int Schedules)
{
    /// <summary>n(n-1)/2^(bits+1) for fingerprints compared on <paramref name="bits"/> bits (128, or 112 where the
    /// store keeps a payload in the slot): see <see cref="CollisionProbability"/>.</summary>
    public static double EstimateCollisionProbability(long states, int bits = 128)
    {
        double n = states;
        return n * Math.Max(n - 1, 0) / Math.Pow(2, bits + 1);
    }
}
