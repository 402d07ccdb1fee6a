using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

/// <summary>Shortening a counterexample to the causal past of its bug step (<see cref="CausalPast"/>).</summary>
public sealed class CausalPastTests
{
    // Thread 0 works on var3, then asserts var0 != 2; thread 1 writes var0 = 2 under lock 0; thread 2 works on var1 and
    // var2 only.
    private static readonly ProgramSystem Racy = new(4, 1,
        [Op.Increment(3), Op.AssertNot(0, 2)],
        [Op.Lock(0), Op.Write(0, 2), Op.Unlock(0)],
        [Op.Write(1, 1), Op.Increment(1), Op.Copy(1, 2), Op.Increment(2)]);

    private const string Assertion = "thread 0 pc 1: var0 == 2";

    private static bool IsAssertion(IBug bug) => bug.Title == Assertion;

    [Fact]
    public void StepsTheBugDoesNotDependOnAreLeftOut()
    {
        // Thread 2's steps are interleaved everywhere and touch nothing the bug reads; thread 1's unlock comes after the
        // write the assertion reads, so the bug does not depend on it either.
        Transition[] path =
        [
            new(2, 0), new(1, 0), new(2, 0), new(1, 0), new(2, 0), new(1, 0), new(0, 0), new(2, 0), new(0, 0),
        ];
        var found = new Counterexample(new ToyBug("assertion", Assertion), path);

        var shorter = CausalPast.Shorten(Racy, found, IsAssertion);

        Assert.NotNull(shorter);
        Assert.Equal([new(1, 0), new(1, 0), new(0, 0), new(0, 0)], shorter.Path);
        Assert.Equal(Assertion, shorter.Bug.Title);
        // The shorter path is one the search could take: brute force finds the bug no sooner.
        Assert.True(shorter.Path.Count >= BruteForce.Explore(Racy).ShortestBugPath[Assertion]);
    }

    [Fact]
    public void DependencesAreFollowedThroughOtherThreads()
    {
        // Thread 2 writes var1, thread 1 copies it into var0, thread 0 asserts on var0: all three are in the bug's past;
        // thread 3, interleaved, is not.
        ProgramSystem chain = new(3, 0,
            [Op.AssertNot(0, 1)],
            [Op.Copy(1, 0)],
            [Op.Write(1, 1)],
            [Op.Increment(2), Op.Increment(2)]);
        Transition[] path = [new(3, 0), new(2, 0), new(3, 0), new(1, 0), new(0, 0)];

        var shorter = CausalPast.Shorten(chain, new Counterexample(new ToyBug("assertion", "thread 0 pc 0: var0 == 1"), path),
            b => b.Title == "thread 0 pc 0: var0 == 1");

        Assert.NotNull(shorter);
        Assert.Equal([new(2, 0), new(1, 0), new(0, 0)], shorter.Path);
    }

    [Fact]
    public void APathThatAlreadyHasOnlyNeededStepsIsNotReplaced()
    {
        Transition[] path = [new(1, 0), new(1, 0), new(0, 0), new(0, 0)];
        Assert.Null(CausalPast.Shorten(Racy, new Counterexample(new ToyBug("assertion", Assertion), path), IsAssertion));
    }

    [Fact]
    public void ADeadlockIsNotShortened()
    {
        // An end-state bug: every thread's steps made the deadlock, and the last step raises nothing.
        ProgramSystem abba = new(1, 2,
            [Op.Lock(0), Op.Lock(1), Op.Unlock(1), Op.Unlock(0)],
            [Op.Lock(1), Op.Lock(0), Op.Unlock(0), Op.Unlock(1)],
            [Op.Increment(0), Op.Increment(0)]);
        Transition[] path = [new(2, 0), new(0, 0), new(2, 0), new(1, 0)];

        Assert.Null(CausalPast.Shorten(abba, new Counterexample(new ToyBug("deadlock", "deadlock"), path), b => b.Kind == "deadlock"));
    }

    [Fact]
    public void ACandidateTheReplayRefutesIsNotReturned()
    {
        // Asked for a bug the shortened path does not end in: the replay is the judge, not the footprints.
        Transition[] path = [new(2, 0), new(1, 0), new(1, 0), new(1, 0), new(0, 0), new(0, 0)];
        Assert.Null(CausalPast.Shorten(Racy, new Counterexample(new ToyBug("assertion", Assertion), path), _ => false));
    }
}
