using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

/// <summary>Every exhaustive configuration must agree with plain breadth-first search on every toy.</summary>
public sealed class AgreementTests
{
    public static TheoryData<string> ToyNames() => [.. Toys.All().Select(t => t.Name)];

    private static readonly SearchOptions AllBugs = new() { StopAtFirstBug = false };

    private static readonly SearchOptions[] Configurations =
    [
        AllBugs,
        AllBugs with { PartialOrderReduction = false },
        AllBugs with { Strategy = SearchStrategy.Bfs },
        AllBugs with { Workers = 2 },
        AllBugs with { Workers = 2, PartialOrderReduction = false },
        AllBugs with { Strategy = SearchStrategy.Bfs, Workers = 2 },
    ];

    [Theory]
    [MemberData(nameof(ToyNames))]
    public void AllConfigurations_FindTheSameBugs(string name)
    {
        ITransitionSystem system = Toys.All().Single(t => t.Name == name).System;
        BruteForceResult reference = BruteForce.Explore(system);
        var expectedTitles = reference.ShortestBugPath.Keys.Order().ToArray();

        foreach (SearchOptions options in Configurations)
        {
            SearchResult result = Search.Run(system, options);

            Assert.Equal(expectedTitles.Length == 0 ? SearchOutcome.Ok : SearchOutcome.Bug, result.Outcome);
            Assert.Equal(expectedTitles, result.Bugs.Select(b => b.Bug.Title).Order().ToArray());
            if (!options.PartialOrderReduction || options.Strategy == SearchStrategy.Bfs)
                Assert.Equal(reference.States, result.Statistics.States);
            else
                Assert.True(result.Statistics.States <= reference.States);
        }
    }

    [Theory]
    [InlineData(20261130, 3, false, false)]
    [InlineData(542, 4, true, false)] // with loops: exercises the cycle proviso and sleep sets on revisits
    [InlineData(1207, 4, false, true)] // with joins: a blocked join is left out of the closure when its thread is in
    [InlineData(1208, 4, true, true)]
    public void RandomPrograms_PorFindsExactlyTheBugsOfTheFullSearch(int seed, int maxThreads, bool loops, bool joins)
    {
        var random = new Random(seed);
        int compared = 0, reducedSomewhere = 0;
        while (compared < 120)
        {
            ProgramSystem system = RandomProgram(random, maxThreads, loops, joins);
            if (BruteForce.TryExplore(system, 20_000) is not { } reference)
                continue;
            compared++;
            string[] expected = [.. reference.ShortestBugPath.Keys.Order()];

            SearchResult dfs = Search.Run(system, AllBugs);
            SearchResult parallel = Search.Run(system, AllBugs with { Workers = 2 });

            Assert.True(expected.SequenceEqual(SafetyBugs(dfs).Select(b => b.Bug.Title).Order()),
                $"DFS+POR on {system}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", SafetyBugs(dfs).Select(b => b.Bug.Title))}]");
            Assert.True(expected.SequenceEqual(SafetyBugs(parallel).Select(b => b.Bug.Title).Order()),
                $"workers+POR on {system}");
            if (dfs.Statistics.States < reference.States)
                reducedSomewhere++;
        }
        Assert.True(reducedSomewhere > 20, $"POR reduced only {reducedSomewhere} of {compared} programs");
    }

    [Fact]
    public void RandomPrograms_SeedWhereSleepSetsMetTheStackProviso()
    {
        // Found by the scan: a looping reader put to sleep after reaching a state still on the stack
        // hid "thread 0 pc 2" (see DepthFirstStrategy: NoteUncovered).
        ProgramSystem system = new(3, 2,
            [Op.Increment(2), Op.Lock(1), Op.AssertNot(0, 0), Op.Unlock(1)],
            [Op.AssertNot(1, 2), Op.LoopWhile(1, 0, 0)],
            [Op.AssertNot(2, 0), Op.Choose(0, 2), Op.Increment(0), Op.Lock(1), Op.Increment(0), Op.Unlock(1)],
            [Op.Choose(0, 2), Op.LoopWhile(1, 1, 0)]);

        SearchResult result = Search.Run(system, AllBugs);

        Assert.Contains(result.Bugs, b => b.Bug.Title == "thread 0 pc 2: var0 == 0");
        Assert.Equal(2, SafetyBugs(result).Count());
    }

    /// <summary>The bugs of states and steps; fair cycles are found only by the depth-first search's check of the
    /// cycles it closes on its stack, which the brute-force reference and the other searches do not make (their own
    /// tests are in <see cref="FairCycleTests"/>).</summary>
    private static IEnumerable<Counterexample> SafetyBugs(SearchResult result) => result.Bugs.Where(b => b.Bug is not FairCycle);

    [Fact]
    public void RandomPrograms_AJoinedThreadsFutureNoLongerBlocksTheReduction()
    {
        // Knowing which thread a blocked join awaits must reduce some programs and never change the bugs found.
        var random = new Random(77);
        int compared = 0, fewer = 0;
        long statesKnowing = 0, statesNotKnowing = 0;
        while (compared < 150)
        {
            ProgramSystem system = RandomProgram(random, 4, loops: false, joins: true);
            if (BruteForce.TryExplore(system, 20_000) is null)
                continue;
            compared++;
            ProgramSystem blind = new(system.Variables, system.Locks, system.Threads) { ReportsAwaitedExits = false };
            SearchResult knowing = Search.Run(system, AllBugs);
            SearchResult notKnowing = Search.Run(blind, AllBugs);
            Assert.Equal(notKnowing.Bugs.Select(b => b.Bug.Title).Order(), knowing.Bugs.Select(b => b.Bug.Title).Order());
            // A persistent set is chosen per state, so a smaller one can lead to more states later on: compare totals.
            statesKnowing += knowing.Statistics.States;
            statesNotKnowing += notKnowing.Statistics.States;
            if (knowing.Statistics.States < notKnowing.Statistics.States)
                fewer++;
        }
        Assert.True(fewer > 10, $"knowing the awaited thread reduced only {fewer} of {compared} programs");
        Assert.True(statesKnowing < statesNotKnowing, $"{statesKnowing} states knowing the joins, {statesNotKnowing} without");
    }

    [Fact]
    public void AJoinAwaitingAThreadInTheSetDoesNotForceAFullExpansion()
    {
        // Thread 0 joins thread 1 and then reads what threads 1 and 2 write. Without knowing the join, thread 0's
        // future (reading var 0 and var 1) conflicts with both threads' writes and no seed gives a proper subset once
        // thread 2 writes var 1; knowing it, {1} is persistent wherever thread 1 has not finished.
        ProgramSystem system = new(3, 0,
            [Op.Join(1), Op.AssertNot(0, 2), Op.AssertNot(1, 2)],
            [Op.Write(0, 2), Op.Write(0, 1)],
            [Op.Write(1, 2), Op.Write(2, 1), Op.Write(2, 2)]);
        ProgramSystem blind = new(3, 0, system.Threads) { ReportsAwaitedExits = false };

        SearchResult knowing = Search.Run(system, AllBugs);
        SearchResult notKnowing = Search.Run(blind, AllBugs);
        BruteForceResult reference = BruteForce.Explore(system);

        string[] expected = [.. reference.ShortestBugPath.Keys.Order()];
        Assert.Equal(["thread 0 pc 2: var1 == 2"], expected);
        Assert.Equal(expected, knowing.Bugs.Select(b => b.Bug.Title).Order());
        Assert.Equal(expected, notKnowing.Bugs.Select(b => b.Bug.Title).Order());
        Assert.True(knowing.Statistics.States < notKnowing.Statistics.States,
            $"{knowing.Statistics.States} states knowing the join, {notKnowing.Statistics.States} without");
    }

    /// <summary>
    /// 2 to <paramref name="maxThreads"/> threads of 1-4 operations over 3 variables and 2 locks, lock
    /// sections properly nested; with <paramref name="loops"/>, some threads end in a loop back to their start; with
    /// <paramref name="joins"/>, some threads join another one somewhere (thread 0 only threads after it, so that
    /// most programs end, as a main that starts and stops its threads).
    /// </summary>
    internal static ProgramSystem RandomProgram(Random random, int maxThreads = 3, bool loops = false, bool joins = false)
    {
        int threadCount = random.Next(2, maxThreads + 1);
        var threads = new Op[threadCount][];
        for (int t = 0; t < threadCount; t++)
        {
            var ops = new List<Op>();
            int length = random.Next(1, 5);
            while (ops.Count < length)
            {
                if (random.Next(4) == 0)
                {
                    int lockId = random.Next(2);
                    ops.Add(Op.Lock(lockId));
                    ops.Add(RandomOp(random));
                    if (random.Next(3) == 0)
                    {
                        int inner = 1 - lockId;
                        ops.Add(Op.Lock(inner));
                        ops.Add(RandomOp(random));
                        ops.Add(Op.Unlock(inner));
                    }
                    ops.Add(Op.Unlock(lockId));
                }
                else
                {
                    ops.Add(RandomOp(random));
                }
            }
            if (loops && random.Next(3) == 0)
                ops.Add(Op.LoopWhile(random.Next(3), random.Next(2), random.Next(ops.Count)));
            if (joins && (t == 0 || random.Next(4) == 0))
            {
                int other = t == 0 ? random.Next(1, threadCount) : (t + random.Next(1, threadCount)) % threadCount;
                ops.Insert(t == 0 ? random.Next(ops.Count / 2, ops.Count + 1) : random.Next(ops.Count + 1), Op.Join(other));
            }
            threads[t] = [.. ops];
        }
        return new ProgramSystem(3, 2, threads);
    }

    private static Op RandomOp(Random random) => random.Next(6) switch
    {
        0 => Op.Write(random.Next(3), random.Next(1, 3)),
        1 => Op.Increment(random.Next(3)),
        2 => Op.AssertNot(random.Next(3), random.Next(3)),
        3 => Op.Choose(random.Next(3), 2),
        4 => Op.Copy(random.Next(3), random.Next(3)),
        _ => Op.Increment(random.Next(3)),
    };
}
