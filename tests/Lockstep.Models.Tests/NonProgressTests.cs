using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// Non-progress under weak fairness: a thread that loops forever while someone waits for it is a bug, reported as a
/// lasso (the hung waiter named); with preemption off it is the soft-lockup watchdog's report. Loops that another
/// thread ends, bounded retries and service loops nobody waits for are not.
/// </summary>
public sealed class NonProgressTests
{
    private const string Spin = """
        #include <lockstep/kernel.h>
        static int ready;
        static int spinner(void *d)
        {
            while (!READ_ONCE(ready))
                cpu_relax();
            return 0;
        }
        static int producer(void *d)
        {
        #ifdef STORE
            WRITE_ONCE(ready, 1);
        #endif
            return 0;
        }
        int main(void)
        {
            struct task_struct *t = kthread_run(spinner, NULL, "spinner");
            kthread_run(producer, NULL, "producer");
            kthread_stop(t);
            return 0;
        }
        """;

    private static CheckResult Check(string text, params string[] defines) =>
        ModelChecker.CheckText(text, new CheckOptions { Defines = defines, MaxStates = 100_000 }, "spin.c");

    [Fact]
    public void ASpinOnAFlagNobodySetsIsNonProgressWithTheWaiterNamed()
    {
        var r = Check(Spin);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("non-progress", bug.Kind);
        Assert.Equal("spinner", bug.Thread);
        Assert.Equal(5, bug.Location!.Line);
        Assert.Contains("main waits on kthread_stop(spinner)", bug.Title);
        Assert.Contains("INFO: task main:1000 blocked for more than 120 seconds.", bug.Report);
        // A lasso: the loop is the spinner's load of the flag, over and over.
        Assert.NotNull(bug.LoopFrom);
        Assert.All(bug.Trace.Skip(bug.LoopFrom!.Value - 1), s => Assert.Equal("spinner", s.Thread));
        Assert.Contains("-- from here the steps repeat forever --", TextReport.Render(r));
    }

    [Fact]
    public void WithTheStoreTheSpinEnds() => Assert.Equal(Verdict.Ok, Check(Spin, "STORE").Verdict);

    [Fact]
    public void ABoundedRetryLoopMakesProgress()
    {
        var r = Check("""
            #include <lockstep/kernel.h>
            static DEFINE_SPINLOCK(l);
            static int busy = 1;
            static int worker(void *d)
            {
                int tries;
                for (tries = 0; tries < 3; tries++) {
                    if (spin_trylock(&l)) { spin_unlock(&l); break; }
                    cpu_relax();
                }
                return tries;
            }
            int main(void)
            {
                struct task_struct *t = kthread_run(worker, NULL, "worker");
                spin_lock(&l);
                WRITE_ONCE(busy, 0);
                spin_unlock(&l);
                kthread_stop(t);
                return 0;
            }
            """);
        Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
    }

    [Fact]
    public void ASpinnerUnderASpinlockIsASoftLockup()
    {
        var r = Check("""
            #include <lockstep/kernel.h>
            static DEFINE_SPINLOCK(l);
            static int ready;
            static int spinner(void *d)
            {
                spin_lock(&l);
                while (!READ_ONCE(ready))
                    cpu_relax();
                spin_unlock(&l);
                return 0;
            }
            int main(void)
            {
                kthread_run(spinner, NULL, "spinner");
                return 0;
            }
            """);
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal("soft-lockup", r.FirstBug!.Kind);
        Assert.StartsWith("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [spinner:1001]", r.FirstBug.Title);
    }

    [Fact]
    public void SearchesThatCannotCheckItSaySo()
    {
        var r = ModelChecker.CheckText(Spin, new CheckOptions { Strategy = SearchStrategy.Bfs, Defines = ["STORE"] }, "spin.c");
        Assert.Equal(Verdict.Ok, r.Verdict);
        Assert.Equal("--search bfs", r.NonProgressNotChecked);
        Assert.Contains("verdict: ok (non-progress not checked: --search bfs)", TextReport.Render(r));
        Assert.Null(Check(Spin, "STORE").NonProgressNotChecked);
    }

    [Fact]
    public void SwitchedOffTheBusyWaitIsNotFoundAndTheVerdictSaysSo()
    {
        var r = ModelChecker.CheckText(Spin, new CheckOptions { NonProgress = false, MaxStates = 100_000 }, "spin.c");
        Assert.Equal(Verdict.Ok, r.Verdict);
        Assert.Equal("--no-liveness", r.NonProgressNotChecked);
        Assert.Contains("verdict: ok (non-progress not checked: --no-liveness)", TextReport.Render(r));
        Assert.Equal("non-progress", Check(Spin).FirstBug!.Kind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AWaiterOnASpinlockIsNotPassedOverForEver(bool por)
    {
        // The retrier takes and drops the lock until the setter, which needs the same lock, sets the flag. Under weak
        // fairness the retrier could win the lock every time; the kernel's queued spinlock serves the setter in turn.
        var r = ModelChecker.CheckText("""
            #include <lockstep/kernel.h>
            static DEFINE_SPINLOCK(lock);
            static int done;
            static int retrier(void *d)
            {
                while (!READ_ONCE(done)) {
                    spin_lock(&lock);
                    spin_unlock(&lock);
                }
                return 0;
            }
            static int setter(void *d)
            {
                spin_lock(&lock);
                WRITE_ONCE(done, 1);
                spin_unlock(&lock);
                return 0;
            }
            int main(void)
            {
                struct task_struct *t = kthread_run(retrier, NULL, "retrier");
                kthread_run(setter, NULL, "setter");
                kthread_stop(t);
                return 0;
            }
            """, new CheckOptions { PartialOrderReduction = por, MaxStates = 100_000 }, "retry.c");
        Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
        Assert.Null(r.NonProgressNotChecked);
    }
}
