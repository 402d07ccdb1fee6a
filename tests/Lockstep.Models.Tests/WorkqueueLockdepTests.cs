using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The workqueue's lockdep maps as kernel/workqueue.c (v6.19) keeps them: "(work_completion)(&amp;w)" and
/// "(wq_completion)name" held by the kworker around the function, touched by flush_work() / cancel_work_sync() when
/// they wait and by flush_workqueue() / destroy_workqueue() always — so a flush under a lock the work takes is
/// lockdep's circular dependency, reported before anything hangs.
/// </summary>
public sealed class WorkqueueLockdepTests
{
    private static CheckResult Check(string body, params string[] configs) =>
        ModelChecker.CheckText("#include <lockstep/kernel.h>\n" + body, new CheckOptions { Configs = configs, MaxStates = 200_000 });

    private static BugReport AssertBug(CheckResult r, string kind)
    {
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal(kind, r.FirstBug!.Kind);
        return r.FirstBug;
    }

    private const string WorkTakesMutex = """
        static DEFINE_MUTEX(dev_mutex);
        static struct work_struct dev_work;
        static void dev_work_fn(struct work_struct *w) { mutex_lock(&dev_mutex); mutex_unlock(&dev_mutex); }
        """;

    /// <summary>Issue 12's case: the kworker, holding the work's map, blocks on the mutex its flusher holds; its own
    /// mutex_lock() is reported (lockdep runs before the task sleeps), naming both maps it holds.</summary>
    [Fact]
    public void FlushWorkUnderTheMutexTheWorkTakesIsACircularDependencyNamingWorkCompletion()
    {
        var bug = AssertBug(Check(WorkTakesMutex + """
            int main(void) { INIT_WORK(&dev_work, dev_work_fn); schedule_work(&dev_work); mutex_lock(&dev_mutex); flush_work(&dev_work); mutex_unlock(&dev_mutex); return 0; }
            """), "circular-locking");
        Assert.Contains("WARNING: possible circular locking dependency detected", bug.Report);
        Assert.Contains("((work_completion)(&dev_work))", bug.Report);
        Assert.Contains("(dev_mutex)", bug.Report);
        Assert.Contains("*** DEADLOCK ***", bug.Report);
        Assert.Equal("kworker/u8:1", bug.Thread);
        Assert.Contains("((wq_completion)events)", bug.Report);
    }

    [Fact]
    public void WithoutLockdepTheSameFlushIsAHungTask() => AssertBug(Check(WorkTakesMutex + """
        int main(void) { INIT_WORK(&dev_work, dev_work_fn); schedule_work(&dev_work); mutex_lock(&dev_mutex); flush_work(&dev_work); mutex_unlock(&dev_mutex); return 0; }
        """, "NO_LOCKDEP"), "deadlock");

    /// <summary>cancel_work_sync() touches the work's map only when it waits for a running instance.</summary>
    [Fact]
    public void CancelWorkSyncUnderTheMutexIsReportedWhenItWaitsForTheRunningWork() => Assert.Contains("(work_completion)(&dev_work)", AssertBug(Check(WorkTakesMutex + """
        int main(void) { INIT_WORK(&dev_work, dev_work_fn); schedule_work(&dev_work); mutex_lock(&dev_mutex); cancel_work_sync(&dev_work); mutex_unlock(&dev_mutex); return 0; }
        """), "circular-locking").Title);

    /// <summary>flush_workqueue() touches "(wq_completion)name" whether or not anything is queued; the kworker holds it
    /// around every function of that workqueue.</summary>
    [Fact]
    public void FlushWorkqueueUnderTheMutexIsACircularDependencyOnWqCompletion()
    {
        var bug = AssertBug(Check(WorkTakesMutex + """
            static struct workqueue_struct *wq;
            int main(void)
            {
                wq = alloc_workqueue("dev_wq", WQ_UNBOUND, 0);
                INIT_WORK(&dev_work, dev_work_fn);
                queue_work(wq, &dev_work);
                mutex_lock(&dev_mutex);
                flush_workqueue(wq);
                mutex_unlock(&dev_mutex);
                destroy_workqueue(wq);
                return 0;
            }
            """), "circular-locking");
        Assert.Contains("((wq_completion)dev_wq)", bug.Report);
    }

    [Fact]
    public void DestroyWorkqueueDrainsItUnderTheSameRule() => Assert.Contains("(wq_completion)dev_wq", AssertBug(Check(WorkTakesMutex + """
        int main(void)
        {
            struct workqueue_struct *wq = alloc_ordered_workqueue("dev_wq", 0);
            INIT_WORK(&dev_work, dev_work_fn);
            queue_work(wq, &dev_work);
            mutex_lock(&dev_mutex);
            destroy_workqueue(wq);
            mutex_unlock(&dev_mutex);
            return 0;
        }
        """), "circular-locking").Report);

    /// <summary>An ordered workqueue's map is touched by flush_work() too (start_flush_work(): saved_max_active == 1).</summary>
    [Fact]
    public void FlushWorkOnAnOrderedWorkqueueTouchesTheWorkqueuesMap()
    {
        var result = Check("""
            static DEFINE_MUTEX(m);
            static struct work_struct a, b;
            static struct workqueue_struct *wq;
            static void a_fn(struct work_struct *w) { mutex_lock(&m); mutex_unlock(&m); }
            static void b_fn(struct work_struct *w) { }
            int main(void)
            {
                wq = alloc_ordered_workqueue("ordered", 0);
                INIT_WORK(&a, a_fn); INIT_WORK(&b, b_fn);
                queue_work(wq, &a);
                queue_work(wq, &b);
                mutex_lock(&m);
                flush_work(&b);
                mutex_unlock(&m);
                destroy_workqueue(wq);
                return 0;
            }
            """);
        var bug = AssertBug(result, "circular-locking");
        Assert.Contains("(wq_completion)ordered", bug.Report);
    }

    [Fact]
    public void AllocatedWorkqueuesRunTheirWorkAndAreDestroyedAfterDraining() => Assert.True(Check("""
        static int ran;
        static struct work_struct w;
        static void fn(struct work_struct *work) { WRITE_ONCE(ran, 1); }
        int main(void)
        {
            struct workqueue_struct *wq = alloc_workqueue("dev_wq", WQ_MEM_RECLAIM, 1);
            INIT_WORK(&w, fn);
            queue_work(wq, &w);
            destroy_workqueue(wq);
            assert(READ_ONCE(ran));
            return 0;
        }
        """).Verdict == Verdict.Ok);
}
