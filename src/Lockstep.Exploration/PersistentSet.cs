namespace Lockstep.Exploration;

/// <summary>
/// Computes a persistent set of threads for one state by conflict closure (Godefroid's
/// "conflicting transitions" construction): start from one enabled thread and add every thread
/// whose future may conflict with the next step of a thread already in the set.
///
/// Why the future and not only the next step: a thread left out may run several steps before the
/// set does, so its later steps must be independent of the set too (A: read x; B: write y, write x —
/// {A} alone is not persistent although B's next step is independent of A's).
///
/// A blocked thread whose future conflicts with the set cannot be added (it has nothing to explore,
/// and we do not know which steps would wake it), so that seed is abandoned — unless only one
/// thread's exit can wake it (a join, <see cref="IExecutor.AwaitedExit"/>): then the awaited thread
/// joins the set instead, and no path of steps outside the set can wake the blocked thread. When no
/// seed gives a proper subset, or the executor cannot list blocked threads, the full set is returned.
/// Visibility: a reduced set never contains a Visible transition.
/// </summary>
internal sealed class PersistentSet
{
    private readonly List<int> _blocked = [];
    private Footprint[] _future = [];
    private Footprint[] _blockedFuture = [];
    private int[] _awaited = [];
    private int[] _worklist = new int[EnabledThreads.MaskableThreads];

    /// <summary>Returns a mask of threads to explore; <see cref="EnabledThreads.Mask"/> when no reduction is possible.</summary>
    public ulong Compute(IExecutor executor, ReadOnlySpan<byte> state, EnabledThreads threads)
    {
        ulong all = threads.Mask;
        if (threads.Count <= 1 || !threads.Maskable)
            return all;
        _blocked.Clear();
        if (!executor.TryGetBlockedThreads(state, _blocked))
            return all;

        EnsureCapacity(ref _future, threads.Count);
        EnsureCapacity(ref _blockedFuture, _blocked.Count);
        for (int i = 0; i < threads.Count; i++)
        {
            _future[i].Clear();
            executor.GetFutureFootprint(state, threads.IdAt(i), _future[i]);
        }
        if (_awaited.Length < _blocked.Count)
            _awaited = new int[Math.Max(_blocked.Count, _awaited.Length * 2)];
        for (int i = 0; i < _blocked.Count; i++)
        {
            _blockedFuture[i].Clear();
            executor.GetFutureFootprint(state, _blocked[i], _blockedFuture[i]);
            _awaited[i] = executor.AwaitedExit(state, _blocked[i]);
        }

        ulong best = all;
        int bestCount = threads.Count;
        for (int seed = 0; seed < threads.Count && bestCount > 1; seed++)
        {
            ulong candidate = Close(seed, threads, bestCount);
            if (candidate == 0)
                continue;
            int count = System.Numerics.BitOperations.PopCount(candidate);
            if (count < bestCount)
            {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    /// <summary>The closure from <paramref name="seed"/>, or 0 if it is invalid or not smaller than <paramref name="limit"/>.</summary>
    private ulong Close(int seed, EnabledThreads threads, int limit)
    {
        if (threads.NextAt(seed).Visible)
            return 0;
        ulong set = 1UL << threads.IdAt(seed);
        int members = 1;
        int top = 0;
        _worklist[top++] = seed;
        while (top > 0)
        {
            Footprint next = threads.NextAt(_worklist[--top]);
            for (int y = 0; y < threads.Count; y++)
            {
                ulong bit = 1UL << threads.IdAt(y);
                if ((set & bit) != 0 || !next.ConflictsWithFuture(_future[y]))
                    continue;
                if (threads.NextAt(y).Visible || ++members >= limit)
                    return 0;
                set |= bit;
                _worklist[top++] = y;
            }
            for (int b = 0; b < _blocked.Count; b++)
            {
                if (!next.ConflictsWithFuture(_blockedFuture[b]))
                    continue;
                // Joined: only the awaited thread's exit wakes it, so with that thread in the set no path outside the
                // set reaches its future.
                int awaited = _awaited[b];
                int y = awaited >= 0 ? threads.IndexOf(awaited) : -1;
                if (y < 0)
                    return 0;
                ulong bit = 1UL << awaited;
                if ((set & bit) != 0)
                    continue;
                if (threads.NextAt(y).Visible || ++members >= limit)
                    return 0;
                set |= bit;
                _worklist[top++] = y;
            }
        }
        return set;
    }

    private static void EnsureCapacity(ref Footprint[] footprints, int count)
    {
        if (footprints.Length >= count)
            return;
        int old = footprints.Length;
        Array.Resize(ref footprints, Math.Max(count, old * 2));
        for (int i = old; i < footprints.Length; i++)
            footprints[i] = new Footprint();
    }
}
