namespace Lockstep.Exploration;

/// <summary>
/// Sleep sets (Godefroid) as thread masks: a thread asleep in a state has all its choices covered by
/// an interleaving explored earlier, as long as no dependent step has run since.
/// </summary>
internal static class SleepSet
{
    /// <summary>
    /// The sleep set after <paramref name="thread"/> steps: the sleepers and already-explored
    /// siblings (<paramref name="candidates"/>) whose next step is independent of that thread's.
    /// </summary>
    public static ulong After(EnabledThreads threads, ulong candidates, int thread)
    {
        int taken = threads.IndexOf(thread);
        Footprint takenFootprint = threads.NextAt(taken);
        candidates &= threads.Mask & ~(1UL << thread);
        ulong result = 0;
        for (int i = 0; i < threads.Count && candidates != 0; i++)
        {
            ulong bit = 1UL << threads.IdAt(i);
            if ((candidates & bit) != 0 && !threads.NextAt(i).ConflictsWith(takenFootprint))
                result |= bit;
        }
        return result;
    }
}
