using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>Replay reproduces every bug kind step for step; strategies and bounds behave as documented.</summary>
public sealed class ReplayAndSearchTests
{
    private const string Header = "#include <lockstep/kernel.h>\n";

    public static TheoryData<string, string> BugsOfEveryKind => new()
    {
        { "assertion", "static int x; static int t(void *d) { x = 1; return 0; } int main(void) { kthread_run(t, NULL, \"t\"); assert(x == 0); return 0; }" },
        { "deadlock", "static DECLARE_COMPLETION(c); int main(void) { wait_for_completion(&c); return 0; }" },
        { "recursive-locking", "static DEFINE_MUTEX(m); int main(void) { mutex_lock(&m); mutex_lock(&m); return 0; }" },
        { "circular-locking", "static DEFINE_MUTEX(a); static DEFINE_MUTEX(b); static int t(void *d) { mutex_lock(&b); mutex_lock(&a); mutex_unlock(&a); mutex_unlock(&b); return 0; } int main(void) { mutex_lock(&a); mutex_lock(&b); mutex_unlock(&b); mutex_unlock(&a); kthread_run(t, NULL, \"t\"); return 0; }" },
        { "irq-inversion", "static DEFINE_SPINLOCK(l); static int dev; static irqreturn_t h(int irq, void *d) { spin_lock(&l); spin_unlock(&l); return IRQ_HANDLED; } static int t(void *d) { spin_lock(&l); spin_unlock(&l); return 0; } int main(void) { request_irq(1, h, 0, \"dev\", &dev); kthread_run(t, NULL, \"t\"); return 0; }" },
        { "sleep-in-atomic", "static DEFINE_SPINLOCK(l); static DEFINE_MUTEX(m); int main(void) { spin_lock(&l); mutex_lock(&m); mutex_unlock(&m); spin_unlock(&l); return 0; }" },
        { "bad-unlock", "static DEFINE_SPINLOCK(l); int main(void) { spin_unlock(&l); return 0; }" },
        { "lock-reinit", "static spinlock_t l; int main(void) { spin_lock_init(&l); spin_lock(&l); spin_lock_init(&l); return 0; }" },
        { "use-after-free", "struct s { int v; }; static struct s *p; static int t(void *d) { struct s *q = READ_ONCE(p); return q->v; } int main(void) { p = kzalloc(sizeof(*p), GFP_KERNEL); kthread_run(t, NULL, \"t\"); kfree(p); return 0; }" },
        { "warn-on", "static int x = 1; int main(void) { WARN_ON(x); return 0; }" },
        { "bug-on", "static int x = 1; int main(void) { BUG_ON(x); return 0; }" },
        { "invariant", "static int a; LOCKSTEP_INVARIANT(zero) { return a == 0; } int main(void) { a = 1; return 0; }" },
        { "livelock", "int main(void) { int i = 0; for (;;) i++; return i; }" },
        { "null-deref", "struct s { int v; }; static struct s *p; int main(void) { return p->v; }" },
    };

    [Theory]
    [MemberData(nameof(BugsOfEveryKind))]
    public void ReplayReproducesTheBugStepForStep(string kind, string body)
    {
        var found = ModelChecker.CheckText(Header + body, new CheckOptions { MaxStates = 100_000 });
        Assert.True(found.Verdict == Verdict.Bug, TextReport.Render(found));
        var bug = found.FirstBug!;
        Assert.Equal(kind, bug.Kind);

        var replay = ModelChecker.CheckText(Header + body, new CheckOptions
        {
            ReplayPath = bug.Path.Select(p => new Transition(p.Thread, p.Choice)).ToList(),
        });
        Assert.Equal(Verdict.Bug, replay.Verdict);
        var again = replay.FirstBug!;
        Assert.Equal(bug.Kind, again.Kind);
        Assert.Equal(bug.Title, again.Title);
        Assert.Equal(bug.Thread, again.Thread);
        Assert.Equal(bug.Location, again.Location);
        Assert.Equal(bug.Trace.Select(t => (t.Thread, t.Location, t.Operation)), again.Trace.Select(t => (t.Thread, t.Location, t.Operation)));
    }

    [Fact]
    public void BreadthFirstFindsTheShortestInterleaving()
    {
        var file = ModelPaths.Example("counter_racy.c");
        var dfs = ModelChecker.CheckFile(file, new CheckOptions { Strategy = SearchStrategy.Dfs });
        var bfs = ModelChecker.CheckFile(file, new CheckOptions { Strategy = SearchStrategy.Bfs });
        Assert.Equal(Verdict.Bug, bfs.Verdict);
        Assert.Equal("assertion", bfs.FirstBug!.Kind);
        Assert.True(bfs.FirstBug.Trace.Count <= dfs.FirstBug!.Trace.Count);
        // Two kthread_run() calls, each new thread's first step in kthread(), two loads, two stores and two
        // complete() calls of the incrementers, main's two wait_for_completion() calls and the assertion's load:
        // 13 steps, none of them avoidable.
        Assert.Equal(13, bfs.FirstBug.Trace.Count);
    }

    [Fact]
    public void TheShorteningLooksForTheSameBugPastANearerOne()
    {
        // The flag-and-early-return variant: the depth-first search finds the use-after-free; a failed allocation's
        // NULL dereference is nearer to the start. Shortening used to stop there, see another bug and keep the
        // depth-first trace; it now leaves out the steps the use-after-free does not depend on and searches on past
        // the other bug. (Steps are transitions, merged ones included: 54 -> 46 without step merging.)
        var file = Path.Combine(ModelPaths.Root, "bench", "peers", "lockstep", "flag_early_return.c");
        var shortened = ModelChecker.CheckFile(file);
        var raw = ModelChecker.CheckFile(file, new CheckOptions { ShortenCounterexamples = false });

        Assert.Equal("use-after-free", shortened.FirstBug!.Kind);
        Assert.Equal(raw.FirstBug!.Location, shortened.FirstBug.Location);
        Assert.Equal(raw.FirstBug.Thread, shortened.FirstBug.Thread);
        Assert.Equal(50, raw.FirstBug.Trace.Count);
        Assert.Equal(37, shortened.FirstBug.Trace.Count);
    }

    [Fact]
    public void TheShorteningKeepsOnlyTheBugsCausalPastWhereBreadthFirstRunsOutOfStates()
    {
        // At 2 vCPUs x 2 invalidators the breadth-first shortening does not finish within its states; the causal past
        // of the use-after-free (the steps it depends on, replayed) still takes 19 of the 60 steps out (64 -> 50 without
        // step merging).
        var file = Path.Combine(ModelPaths.Root, "bench", "peers", "lockstep", "flag_early_return.c");
        var options = new CheckOptions { Defines = ["NR_VCPUS=2", "NR_INVALIDATIONS=2"] };
        var shortened = ModelChecker.CheckFile(file, options);
        var raw = ModelChecker.CheckFile(file, options with { ShortenCounterexamples = false });

        Assert.Equal("use-after-free", shortened.FirstBug!.Kind);
        Assert.Equal(raw.FirstBug!.Location, shortened.FirstBug.Location);
        Assert.Equal(60, raw.FirstBug.Trace.Count);
        Assert.Equal(41, shortened.FirstBug.Trace.Count);
        // What is shown is what runs: the shortened schedule replays to the same bug.
        var replay = ModelChecker.CheckFile(file, options with { ReplayPath = shortened.FirstBug.Path.Select(p => new Transition(p.Thread, p.Choice)).ToList() });
        Assert.Equal(shortened.FirstBug.Title, replay.FirstBug!.Title);
        Assert.Equal(shortened.FirstBug.Trace.Count, replay.FirstBug.Trace.Count);
    }

    [Fact]
    public void WithKeepGoingTheOtherBugsTracesAreTheirCausalPast()
    {
        // The second bug of the flag-and-early-return bench (a failed allocation's NULL dereference) is shown by the
        // steps it depends on: 33 of the 38 the depth-first search took, and they replay to it (38 of 44 without step
        // merging).
        var file = Path.Combine(ModelPaths.Root, "bench", "peers", "lockstep", "flag_early_return.c");
        var options = new CheckOptions { StopAtFirstBug = false };
        var shortened = ModelChecker.CheckFile(file, options).Bugs.Single(b => b.Kind == "null-deref");
        var raw = ModelChecker.CheckFile(file, options with { ShortenCounterexamples = false }).Bugs.Single(b => b.Kind == "null-deref");

        Assert.Equal(38, raw.Trace.Count);
        Assert.Equal(33, shortened.Trace.Count);
        Assert.Equal(raw.Location, shortened.Location);
        var replay = ModelChecker.CheckFile(file, new CheckOptions { ReplayPath = shortened.Path.Select(p => new Transition(p.Thread, p.Choice)).ToList() });
        Assert.Equal("null-deref", replay.FirstBug!.Kind);
        Assert.Equal(shortened.Location, replay.FirstBug.Location);
    }

    [Theory]
    [InlineData(SearchStrategy.Random)]
    [InlineData(SearchStrategy.Pct)]
    public void SamplingStrategiesFindTheRaceAndReportTheirSeed(SearchStrategy strategy)
    {
        var result = ModelChecker.CheckFile(ModelPaths.Example("counter_racy.c"), new CheckOptions { Strategy = strategy, Seed = 7, Schedules = 2000 });
        Assert.Equal(Verdict.Bug, result.Verdict);
        Assert.Equal("assertion", result.FirstBug!.Kind);
        Assert.Equal(7, result.Seed);
    }

    [Fact]
    public void SamplingNeverClaimsOk()
    {
        var result = ModelChecker.CheckFile(ModelPaths.Example("counter_locked.c"), new CheckOptions { Strategy = SearchStrategy.Random, Seed = 1, Schedules = 50 });
        Assert.Equal(Verdict.Incomplete, result.Verdict);
        Assert.Contains("sampling", result.IncompleteReason);
    }

    [Fact]
    public void ACancelledSearchIsIncompleteAndSaysSo()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var result = ModelChecker.CheckFile(ModelPaths.Example("counter_locked.c"), new CheckOptions { CancellationToken = cancel.Token });
        Assert.Equal(Verdict.Incomplete, result.Verdict);
        Assert.Contains("interrupted", result.IncompleteReason);
    }

    [Fact]
    public void ParallelWorkersAgreeWithOneWorker()
    {
        var one = ModelChecker.CheckFile(ModelPaths.Example("counter_locked.c"), new CheckOptions { PartialOrderReduction = false });
        var two = ModelChecker.CheckFile(ModelPaths.Example("counter_locked.c"), new CheckOptions { PartialOrderReduction = false, Workers = 2 });
        Assert.Equal(Verdict.Ok, one.Verdict);
        Assert.Equal(one.Verdict, two.Verdict);
        Assert.Equal(one.Statistics.States, two.Statistics.States);
    }

    [Fact]
    public void ReductionKeepsTheVerdictOfEveryExample()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(ModelPaths.Root, "models", "examples"), "*.c", SearchOption.AllDirectories))
        {
            var full = ModelChecker.CheckFile(file, new CheckOptions { PartialOrderReduction = false, MaxStates = 200_000 });
            var reduced = ModelChecker.CheckFile(file, new CheckOptions { PartialOrderReduction = true, MaxStates = 200_000 });
            Assert.True(full.Verdict == reduced.Verdict, file);
            Assert.Equal(full.FirstBug?.Kind, reduced.FirstBug?.Kind);
        }
    }
}
