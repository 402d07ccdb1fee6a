using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

/// <summary>The toy systems the tests explore.</summary>
public static class Toys
{
    /// <summary>N threads, each incrementing its own counter k times.</summary>
    public static ProgramSystem IndependentCounters(int threads, int steps) =>
        new(threads, 0, Enumerable.Range(0, threads).Select(t => Enumerable.Repeat(Op.Increment(t), steps).ToArray()).ToArray());

    /// <summary>N threads, each incrementing one shared counter k times.</summary>
    public static ProgramSystem SharedCounter(int threads, int steps) =>
        new(1, 0, Enumerable.Range(0, threads).Select(_ => Enumerable.Repeat(Op.Increment(0), steps).ToArray()).ToArray());

    /// <summary>Lock A then B against lock B then A: deadlocks.</summary>
    public static ProgramSystem Abba() =>
        new(1, 2,
            [Op.Lock(0), Op.Lock(1), Op.Increment(0), Op.Unlock(1), Op.Unlock(0)],
            [Op.Lock(1), Op.Lock(0), Op.Increment(0), Op.Unlock(0), Op.Unlock(1)]);

    /// <summary>Same locks in the same order: no deadlock.</summary>
    public static ProgramSystem OrderedLocks() =>
        new(1, 2,
            [Op.Lock(0), Op.Lock(1), Op.Increment(0), Op.Unlock(1), Op.Unlock(0)],
            [Op.Lock(0), Op.Lock(1), Op.Increment(0), Op.Unlock(1), Op.Unlock(0)]);

    /// <summary>
    /// A reads x and fails if it is 2; B first writes y, only later x. B's next step is independent of
    /// A's, so a reduction looking only at next steps would explore {A} alone and miss the bug.
    /// </summary>
    public static ProgramSystem LateConflict() =>
        new(2, 0,
            [Op.AssertNot(0, 2)],
            [Op.Write(1, 1), Op.Write(0, 2)]);

    /// <summary>A single thread whose step number <paramref name="depth"/> raises the bug.</summary>
    public static ProgramSystem BugAtDepth(int depth) =>
        new(1, 0, [.. Enumerable.Repeat(Op.Increment(0), depth - 1), Op.AssertNot(0, (byte)(depth - 1))]);

    /// <summary>A thread picks x in {0,1,2}; another fails if it reads 2.</summary>
    public static ProgramSystem Choices() =>
        new(2, 0,
            [Op.Choose(0, 3), Op.Increment(1)],
            [Op.Increment(1), Op.AssertNot(0, 2)]);

    /// <summary>A bug reachable in 2 steps that depth-first order (thread 0 first) reaches only after a long detour.</summary>
    public static ProgramSystem ShortcutBug() =>
        new(3, 0,
            [Op.Increment(2), Op.Increment(2), Op.Increment(2), Op.Increment(2), Op.Write(1, 1)],
            [Op.Write(1, 1)],
            [Op.AssertNot(1, 1)]);

    /// <summary>A lost update: two threads copy x to a register, then write register+1 — checked by a reader.</summary>
    public static ProgramSystem LostUpdate() =>
        new(3, 0,
            [Op.Copy(0, 1), Op.Increment(1), Op.Copy(1, 0)],
            [Op.Copy(0, 2), Op.Increment(2), Op.Copy(2, 0)],
            [Op.AssertNot(0, 1)]);

    /// <summary>Too many states to finish: 8 threads of 20 independent steps without reduction.</summary>
    public static ProgramSystem Huge() => IndependentCounters(8, 20);

    public static IEnumerable<(string Name, ITransitionSystem System)> All()
    {
        yield return ("independent", IndependentCounters(3, 3));
        yield return ("shared", SharedCounter(3, 2));
        yield return ("abba", Abba());
        yield return ("ordered-locks", OrderedLocks());
        yield return ("late-conflict", LateConflict());
        yield return ("bug-at-depth", BugAtDepth(5));
        yield return ("choices", Choices());
        yield return ("shortcut", ShortcutBug());
        yield return ("lost-update", LostUpdate());
        yield return ("cycle", new CyclicSystem());
    }
}
