using Lockstep.Checker;
using Lockstep.Reports;

using static Lockstep.Models.Tests.InlineModels;

namespace Lockstep.Models.Tests;

/// <summary>
/// Each primitive's enabling rule and effect, through small models checked exhaustively: a rule that is too strict
/// shows up as a deadlock, one that is too loose as a failed assertion.
/// </summary>
public sealed class PrimitiveTests
{
    [Fact]
    public void SynchronizeSrcuWaitsForAReaderThatEnteredBeforeIt() => AssertOk(Check("""
        DEFINE_STATIC_SRCU(s);
        static int entered, left;
        static int reader(void *d) { int idx = srcu_read_lock(&s); entered = 1; left = 1; srcu_read_unlock(&s, idx); return 0; }
        static int updater(void *d) { int e = entered; synchronize_srcu(&s); if (e) assert(left == 1); return 0; }
        int main(void) { kthread_run(reader, NULL, "reader"); kthread_run(updater, NULL, "updater"); return 0; }
        """));

    [Fact]
    public void SynchronizeSrcuBlocksForeverOnAReaderThatNeverLeaves()
    {
        var bug = AssertBug(Check("""
            DEFINE_STATIC_SRCU(s);
            static DECLARE_WAIT_QUEUE_HEAD(wq);
            static int inside;
            static int reader(void *d) { int idx = srcu_read_lock(&s); inside = 1; wait_event_interruptible(wq, 0); srcu_read_unlock(&s, idx); return 0; }
            static int updater(void *d) { while (!READ_ONCE(inside)) cond_resched(); synchronize_srcu(&s); return 0; }
            int main(void) { kthread_run(reader, NULL, "reader"); kthread_run(updater, NULL, "updater"); return 0; }
            """), "deadlock");
        Assert.Equal("updater", bug.Thread);
        Assert.Contains("grace period waits for reader(s) reader", bug.Title);
    }

    [Fact]
    public void SynchronizeSrcuIgnoresReadersOfAnotherDomain() => AssertOk(Check("""
        DEFINE_STATIC_SRCU(a);
        DEFINE_STATIC_SRCU(b);
        static DECLARE_WAIT_QUEUE_HEAD(wq);
        static int inside;
        static int reader(void *d) { int idx = srcu_read_lock(&a); inside = 1; wait_event_interruptible(wq, 0); srcu_read_unlock(&a, idx); return 0; }
        static int updater(void *d) { while (!READ_ONCE(inside)) cond_resched(); synchronize_srcu(&b); return 0; }
        int main(void) { kthread_run(reader, NULL, "reader"); kthread_run(updater, NULL, "updater"); return 0; }
        """));

    [Fact]
    public void SynchronizeRcuWaitsForEarlierReaders() => AssertOk(Check("""
        static int entered, left;
        static int reader(void *d) { rcu_read_lock(); entered = 1; left = 1; rcu_read_unlock(); return 0; }
        static int updater(void *d) { int e = entered; synchronize_rcu(); if (e) assert(left == 1); return 0; }
        int main(void) { kthread_run(reader, NULL, "reader"); kthread_run(updater, NULL, "updater"); return 0; }
        """));

    [Fact]
    public void MutexExcludes() => AssertOk(Check("""
        static DEFINE_MUTEX(m);
        static int inside;
        static int t(void *d) { mutex_lock(&m); inside++; assert(inside == 1); inside--; mutex_unlock(&m); return 0; }
        int main(void) { kthread_run(t, NULL, "a"); kthread_run(t, NULL, "b"); return 0; }
        """));

    [Fact]
    public void RwsemReadersShareAndWritersExclude() => AssertOk(Check("""
        static DECLARE_RWSEM(sem);
        static atomic_t readers;
        static int writers;
        static int r(void *d) { down_read(&sem); atomic_inc(&readers); assert(writers == 0); atomic_dec(&readers); up_read(&sem); return 0; }
        static int w(void *d) { down_write(&sem); writers++; assert(atomic_read(&readers) == 0 && writers == 1); writers--; up_write(&sem); return 0; }
        int main(void) { kthread_run(r, NULL, "r1"); kthread_run(r, NULL, "r2"); kthread_run(w, NULL, "w"); return 0; }
        """));

    [Fact]
    public void RwsemIsFairSoARecursiveReadBehindAQueuedWriterDeadlocks()
    {
        var bug = AssertBug(Check("""
            static DECLARE_RWSEM(sem);
            static int r(void *d) { down_read(&sem); down_read(&sem); up_read(&sem); up_read(&sem); return 0; }
            static int w(void *d) { down_write(&sem); up_write(&sem); return 0; }
            int main(void) { kthread_run(r, NULL, "reader"); kthread_run(w, NULL, "writer"); return 0; }
            """, "NO_LOCKDEP"), "deadlock");
        Assert.Contains("reader", bug.Title);
        Assert.Contains("writer", bug.Title);
    }

    [Fact]
    public void RwlockReadIsRecursiveForLockdep() => AssertOk(Check("""
        static DEFINE_RWLOCK(l);
        static int t(void *d) { read_lock(&l); read_lock(&l); read_unlock(&l); read_unlock(&l); return 0; }
        int main(void) { kthread_run(t, NULL, "t"); return 0; }
        """));

    [Fact]
    public void SpinlockAaIsRecursiveLocking()
    {
        var bug = AssertBug(Check("""
            static DEFINE_SPINLOCK(l);
            static int t(void *d) { spin_lock(&l); spin_lock(&l); return 0; }
            int main(void) { kthread_run(t, NULL, "t"); return 0; }
            """), "recursive-locking");
        Assert.Contains("(l)", bug.Report);
    }

    [Fact]
    public void DoubleUnlockIsBadUnlock() => AssertBug(Check("""
        static DEFINE_MUTEX(m);
        static int t(void *d) { mutex_lock(&m); mutex_unlock(&m); mutex_unlock(&m); return 0; }
        int main(void) { kthread_run(t, NULL, "t"); return 0; }
        """), "bad-unlock");

    [Fact]
    public void InitialisingAHeldLockIsReported() => AssertBug(Check("""
        static spinlock_t l;
        static int t(void *d) { spin_lock_init(&l); spin_lock(&l); spin_lock_init(&l); spin_unlock(&l); return 0; }
        int main(void) { kthread_run(t, NULL, "t"); return 0; }
        """), "lock-reinit");

    [Fact]
    public void AKthreadExitingWithALockHeldIsDoExitsReport()
    {
        var bug = AssertBug(Check("""
            static DEFINE_MUTEX(m);
            static int t(void *d) { mutex_lock(&m); return 0; }
            int main(void) { kthread_run(t, NULL, "t"); return 0; }
            """), "lock-held-at-exit");
        Assert.Equal("t", bug.Thread);
        Assert.Contains("WARNING: t/1001 still has locks held!", bug.Report);
        Assert.Contains("1 lock held by t/1001:", bug.Report);
        Assert.DoesNotContain("user space", bug.Report);
    }

    [Fact]
    public void MainReturningWithALockHeldReturnsToUserSpaceWithIt()
    {
        var bug = AssertBug(Check("""
            static DEFINE_MUTEX(m);
            int main(void) { mutex_lock(&m); return 0; }
            """), "lock-held-at-exit");
        Assert.Contains("WARNING: lock held when returning to user space!", bug.Report);
        Assert.Contains("main/1000 is leaving the kernel with locks still held!", bug.Report);
    }

    [Fact]
    public void AWorkFunctionThatLeaksALockIsReportedByTheWorker()
    {
        var bug = AssertBug(Check("""
            static DEFINE_MUTEX(m);
            static struct work_struct w;
            static void fn(struct work_struct *work) { mutex_lock(&m); }
            int main(void) { INIT_WORK(&w, fn); schedule_work(&w); return 0; }
            """), "lock-held-at-exit");
        Assert.Contains("BUG: workqueue leaked atomic, lock or RCU: kworker/u8:1[1001]", bug.Report);
        Assert.Contains("workfn=fn", bug.Report);
    }

    [Fact]
    public void AnIndexPastTheEndIsOutOfBounds()
    {
        var bug = AssertBug(Check("""
            struct item { long v[2]; };
            int main(void) { struct item *it = kzalloc(sizeof(*it), GFP_KERNEL); int i = 2; long x = it->v[i]; kfree(it); return x; }
            """), "out-of-bounds");
        Assert.Contains("BUG: KASAN: slab-out-of-bounds in main", bug.Report);
    }

    [Fact]
    public void TrylockFailsWithoutBlocking() => AssertOk(Check("""
        static DEFINE_SPINLOCK(l);
        static int t(void *d) { spin_lock(&l); assert(!spin_trylock(&l) || 0); spin_unlock(&l); return 0; }
        int main(void) { kthread_run(t, NULL, "t"); return 0; }
        """, "NO_LOCKDEP"));

    [Fact]
    public void CompletionWaitsForComplete() => AssertOk(Check("""
        static DECLARE_COMPLETION(done);
        static int data;
        static int producer(void *d) { data = 42; complete(&done); return 0; }
        int main(void) { kthread_run(producer, NULL, "producer"); wait_for_completion(&done); assert(data == 42); return 0; }
        """));

    [Fact]
    public void CompletionNeverCompletedIsAHungTask()
    {
        var bug = AssertBug(Check("""
            static DECLARE_COMPLETION(done);
            int main(void) { wait_for_completion(&done); return 0; }
            """), "deadlock");
        Assert.Contains("INFO: task main:1000 blocked for more than 120 seconds.", bug.Report);
    }

    [Fact]
    public void RcuwaitLosesNoWakeUp() => AssertOk(Check("""
        static struct rcuwait w;
        static int count = 1;
        static int waker(void *d) { WRITE_ONCE(count, 0); rcuwait_wake_up(&w); return 0; }
        int main(void) { rcuwait_init(&w); kthread_run(waker, NULL, "waker"); rcuwait_wait_event(&w, READ_ONCE(count) == 0, TASK_UNINTERRUPTIBLE); return 0; }
        """));

    [Fact]
    public void IdleDaemonIsAValidEndState() => AssertOk(Check("""
        static DECLARE_WAIT_QUEUE_HEAD(wq);
        static int work;
        static int daemon(void *d) { for (;;) { wait_event_freezable(wq, READ_ONCE(work)); work = 0; } return 0; }
        int main(void) { kthread_run(daemon, NULL, "daemon"); work = 1; wake_up(&wq); return 0; }
        """));

    [Fact]
    public void KthreadStopWaitsForTheThreadAndReturnsItsResult() => AssertOk(Check("""
        static int loops;
        static int worker(void *d) { while (!kthread_should_stop()) loops = 1; return 7; }
        int main(void) { struct task_struct *t = kthread_run(worker, NULL, "worker"); int r = kthread_stop(t); assert(r == 7 || r == -EINTR); return 0; }
        """));

    [Fact]
    public void FlushWorkWaitsForQueuedWork() => AssertOk(Check("""
        static struct work_struct w;
        static int ran;
        static void fn(struct work_struct *work) { ran = 1; }
        int main(void) { INIT_WORK(&w, fn); schedule_work(&w); flush_work(&w); assert(ran == 1); return 0; }
        """));

    [Fact]
    public void DelTimerSyncLeavesNoCallbackRunning() => AssertOk(Check("""
        static struct timer_list t;
        static int running;
        static void fn(struct timer_list *timer) { running = 1; running = 0; }
        int main(void) { timer_setup(&t, fn, 0); mod_timer(&t, jiffies + 1); del_timer_sync(&t); assert(running == 0); return 0; }
        """));

    [Fact]
    public void TimerCallbacksRunInSoftirqContext() => AssertBug(Check("""
        static struct timer_list t;
        static DEFINE_MUTEX(m);
        static void fn(struct timer_list *timer) { mutex_lock(&m); mutex_unlock(&m); }
        int main(void) { timer_setup(&t, fn, 0); mod_timer(&t, jiffies + 1); return 0; }
        """), "sleep-in-atomic");

    [Fact]
    public void CallSrcuRunsAfterAGracePeriodAndSrcuBarrierWaitsForIt() => AssertOk(Check("""
        DEFINE_STATIC_SRCU(s);
        static struct rcu_head head;
        static int freed, reader_left, reader_entered;
        static void cb(struct rcu_head *h) { assert(reader_left); freed = 1; }
        static int reader(void *d) { int idx = srcu_read_lock(&s); reader_entered = 1; reader_left = 1; srcu_read_unlock(&s, idx); return 0; }
        int main(void) {
            kthread_run(reader, NULL, "reader");
            while (!READ_ONCE(reader_entered)) cond_resched();   /* the reader is inside before call_srcu */
            call_srcu(&s, &head, cb);
            srcu_barrier(&s);
            assert(freed);
            return 0;
        }
        """));

    [Fact]
    public void NondetExploresEveryValue()
    {
        var bug = AssertBug(Check("""
            int main(void) { int v = nondet_int(0, 3); assert(v != 2); return 0; }
            """), "assertion");
        Assert.Contains(bug.Trace, s => s.Operation == "nondet_int = choice 2");
    }

    [Fact]
    public void GfpKernelAllocationMaySleep() => AssertBug(Check("""
        static DEFINE_SPINLOCK(l);
        int main(void) { void *p; spin_lock(&l); p = kzalloc(8, GFP_KERNEL); spin_unlock(&l); kfree(p); return 0; }
        """), "sleep-in-atomic");

    [Fact]
    public void GfpAtomicAllocationDoesNotSleep() => AssertOk(Check("""
        static DEFINE_SPINLOCK(l);
        int main(void) { void *p; spin_lock(&l); p = kzalloc(8, GFP_ATOMIC); spin_unlock(&l); kfree(p); return 0; }
        """));

    [Fact]
    public void DoubleFreeIsReported()
    {
        var bug = AssertBug(Check("""
            int main(void) { void *p = kzalloc(8, GFP_KERNEL); kfree(p); kfree(p); return 0; }
            """), "double-free");
        Assert.Contains("BUG: KASAN: double-free in main", bug.Report);
    }

    [Fact]
    public void PageIsFreedWhenItsLastReferenceIsDropped() => AssertBug(Check("""
        int main(void) { struct page *p = alloc_page(GFP_KERNEL); get_page(p); put_page(p); put_page(p); return p->flags; }
        """), "use-after-free");

    [Fact]
    public void WarnOnReportsTheKernelWarning()
    {
        var bug = AssertBug(Check("""
            static int x = 1;
            int main(void) { WARN_ON(x == 1); return 0; }
            """), "warn-on");
        Assert.StartsWith("WARNING: CPU: 0 PID: 1000 at ", bug.Report);
    }

    [Fact]
    public void BugOnReportsTheKernelBug() => AssertBug(Check("""
        static int x = 1;
        int main(void) { BUG_ON(x); return 0; }
        """), "bug-on");

    [Fact]
    public void InvariantIsCheckedAfterEveryStep()
    {
        var bug = AssertBug(Check("""
            static int a, b;
            LOCKSTEP_INVARIANT(equal) { return a == b; }
            int main(void) { a = 1; b = 1; return 0; }
            """), "invariant");
        Assert.Contains("equal", bug.Title);
    }

    [Fact]
    public void SetBitAndTestBitWorkOnFlagWords() => AssertOk(Check("""
        static unsigned long flags;
        int main(void) { set_bit(3, &flags); assert(test_bit(3, &flags)); assert(!test_and_set_bit(5, &flags)); assert(test_and_clear_bit(3, &flags)); assert(flags == 32); return 0; }
        """));

    [Fact]
    public void ScheduleSleepsUntilWokenAndLosesNoWakeUp() => AssertOk(Check("""
        static struct rcuwait w;
        static int count = 1;
        static int waker(void *d) { WRITE_ONCE(count, 0); rcuwait_wake_up(&w); return 0; }
        int main(void) {
            kthread_run(waker, NULL, "waker");
            prepare_to_rcuwait(&w);
            for (;;) {
                set_current_state(TASK_UNINTERRUPTIBLE);
                if (!READ_ONCE(count))
                    break;
                schedule();
            }
            finish_rcuwait(&w);
            return 0;
        }
        """));

    [Fact]
    public void ScheduleWithoutAWakerIsAHungTask()
    {
        var bug = AssertBug(Check("""
            int main(void) { set_current_state(TASK_UNINTERRUPTIBLE); schedule(); return 0; }
            """), "deadlock");
        Assert.Contains("TASK_UNINTERRUPTIBLE", bug.Title);
    }

    [Fact]
    public void SleepingInASoftirqIsFineOnRtButNotOtherwise()
    {
        const string model = """
            static DEFINE_SPINLOCK(l);
            int main(void) { local_bh_disable(); spin_lock(&l); spin_unlock(&l); local_bh_enable(); return 0; }
            """;
        AssertOk(Check(model));
        AssertOk(Check(model, "PREEMPT_RT"));
        AssertBug(Check("""
            static DEFINE_MUTEX(m);
            int main(void) { local_bh_disable(); mutex_lock(&m); mutex_unlock(&m); local_bh_enable(); return 0; }
            """), "sleep-in-atomic");
    }

    [Fact]
    public void SynchronizeSrcuInsideItsReadSideIsReportedByLockdepBeforeTheSleepCheck()
    {
        var bug = AssertBug(Check("""
            DEFINE_STATIC_SRCU(s);
            static DEFINE_SPINLOCK(l);
            int main(void) { int idx = srcu_read_lock(&s); spin_lock(&l); synchronize_srcu(&s); spin_unlock(&l); srcu_read_unlock(&s, idx); return 0; }
            """), "recursive-locking");
        Assert.Contains("at: __synchronize_srcu", bug.Report);
    }

    [Fact]
    public void NestLockAllowsSeveralLocksOfOneClassUnderTheOuterLock()
    {
        const string model = """
            struct obj { spinlock_t lock; };
            static struct obj a, b;
            static DEFINE_MUTEX(outer);
            static void init(struct obj *o) { spin_lock_init(&o->lock); }
            int main(void) {
                init(&a); init(&b);
                mutex_lock(&outer);
                spin_lock_nest_lock(&a.lock, &outer);
                spin_lock_nest_lock(&b.lock, &outer);
                spin_unlock(&b.lock); spin_unlock(&a.lock);
                mutex_unlock(&outer);
                return 0;
            }
            """;
        AssertOk(Check(model));
        AssertBug(Check(model.Replace("spin_lock_nest_lock(&b.lock, &outer)", "spin_lock(&b.lock)")), "recursive-locking");
    }

    /// <summary>lockdep's __lock_acquire(): a *_nest_lock() whose nest lock the task does not hold is
    /// print_lock_nested_lock_not_held(), reported before any dependency is checked.</summary>
    [Theory]
    [InlineData("spinlock_t", "spin_lock_init", "spin_lock_nest_lock", "spin_unlock")]
    [InlineData("struct mutex", "mutex_init", "mutex_lock_nest_lock", "mutex_unlock")]
    [InlineData("struct rw_semaphore", "init_rwsem", "down_write_nest_lock", "up_write")]
    public void NestLockNotHeldIsReported(string type, string init, string nestLock, string unlock)
    {
        var model = $$"""
            struct obj { {{type}} lock; };
            static struct obj a;
            static DEFINE_MUTEX(outer);
            int main(void) {
                {{init}}(&a.lock);
                mutex_lock(&outer);
                {{nestLock}}(&a.lock, &outer);
                {{unlock}}(&a.lock);
                mutex_unlock(&outer);
                return 0;
            }
            """;
        AssertOk(Check(model));
        var bug = AssertBug(Check(model.Replace("mutex_lock(&outer);", "").Replace("mutex_unlock(&outer);", "")), "nest-lock-not-held");
        Assert.Equal("main", bug.Thread);
        Assert.Equal(8, bug.Location!.Line);
        Assert.StartsWith("==================================\nWARNING: Nested lock was not taken\n", bug.Report);
        Assert.Contains("main/1000 is trying to lock:\n", bug.Report);
        Assert.Contains("(&a.lock){", bug.Report);
        Assert.Contains("\nbut this task is not holding:\nouter\n", bug.Report);
        Assert.Contains("\nother info that might help us debug this:\nno locks held by main/1000.\n", bug.Report);
    }

    /// <summary>Lockdep runs before the task waits: a nest-lock acquisition that must wait for its lock is reported on
    /// the attempt (the step is enabled for the report), not left to hang as a deadlock.</summary>
    [Fact]
    public void NestLockNotHeldIsReportedOnABlockedAttempt()
    {
        var bug = AssertBug(Check("""
            static DEFINE_MUTEX(outer);
            static DEFINE_MUTEX(m);
            static DECLARE_COMPLETION(taken);
            static DECLARE_COMPLETION(done);
            static int holder(void *data) { mutex_lock(&m); complete(&taken); wait_for_completion(&done); mutex_unlock(&m); return 0; }
            int main(void) {
                kthread_run(holder, NULL, "holder");
                wait_for_completion(&taken);
                mutex_lock_nest_lock(&m, &outer);
                complete(&done);
                mutex_unlock(&m);
                return 0;
            }
            """), "nest-lock-not-held");
        Assert.Equal("main", bug.Thread);
        Assert.Equal(10, bug.Location!.Line);
    }

    /// <summary>mutex_release()/mutex_acquire() change what lockdep sees, not who holds the lock: released, the mutex
    /// is no lockdep lock at the syscall return; re-acquired as a trylock it closes no cycle.</summary>
    [Fact]
    public void LockdepOnlyAcquireAndReleaseLeaveTheLockItself()
    {
        const string model = """
            static DEFINE_MUTEX(a);
            static DEFINE_MUTEX(b);
            int main(void) {
                mutex_lock(&a); mutex_lock(&b); mutex_unlock(&b); mutex_unlock(&a);
                mutex_lock(&b);
                mutex_lock(&a);
                mutex_release(&a, _THIS_IP_);
                mutex_acquire(&a, 0, 1, _THIS_IP_);
                mutex_unlock(&a);
                mutex_unlock(&b);
                return 0;
            }
            """;
        // b -> a after a -> b: the real acquisition closes the cycle
        AssertBug(Check(model), "circular-locking");
        var relock = model.Replace("mutex_lock(&a);\n    mutex_release", "mutex_trylock(&a);\n    mutex_release");
        AssertOk(Check(relock));
        // released for lockdep only: the mutex is still held, so a second mutex_lock() waits forever, unseen by lockdep
        AssertBug(Check("""
            static DEFINE_MUTEX(a);
            int main(void) { mutex_lock(&a); mutex_release(&a, _THIS_IP_); mutex_lock(&a); return 0; }
            """), "deadlock");
        // and the lockdep-only release leaves nothing for lockdep at the return
        AssertOk(Check("""
            static DEFINE_MUTEX(a);
            static DEFINE_MUTEX(b);
            int main(void) { mutex_lock(&a); mutex_release(&a, _THIS_IP_); mutex_lock(&b); mutex_unlock(&b); mutex_acquire(&a, 0, 0, _THIS_IP_); mutex_unlock(&a); return 0; }
            """));
    }

    [Fact]
    public void MmapLockWrappersAreTheRwsem() => AssertOk(Check("""
        #include <linux/mmap_lock.h>
        struct mm_struct { struct rw_semaphore mmap_lock; int data; };
        static struct mm_struct mm;
        static int reader(void *d) { if (mmap_read_trylock(&mm)) { assert(mm.data == 0 || mm.data == 1); mmap_read_unlock(&mm); } return 0; }
        int main(void) { mmap_init_lock(&mm); kthread_run(reader, NULL, "reader"); mmap_write_lock(&mm); mm.data = 1; mmap_write_unlock(&mm); return 0; }
        """));

    [Fact]
    public void ALoopThatAllocatesAndFreesHasFinitelyManyStates()
    {
        var result = Check("""
            struct req { int a; };
            static int g;
            static void handle(void) { struct req *r = kzalloc(sizeof(*r), GFP_KERNEL); struct req local; local.a = READ_ONCE(g); r->a = local.a; WRITE_ONCE(g, (r->a + 1) % 3); kfree(r); }
            static int daemon(void *d) { for (;;) handle(); return 0; }
            int main(void) { kthread_run(daemon, NULL, "daemon"); kthread_run(daemon, NULL, "daemon2"); return 0; }
            """);
        AssertOk(result);
        Assert.True(result.Statistics.States < 5_000, result.Statistics.States.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SynchronizeRcuInsideRcuReadLockIsSuspiciousRcuUsage()
    {
        var bug = AssertBug(Check("""
            int main(void) { rcu_read_lock(); synchronize_rcu(); rcu_read_unlock(); return 0; }
            """), "warn-on");
        Assert.Contains("WARNING: suspicious RCU usage", bug.Report);
        Assert.Contains("Illegal synchronize_rcu() in RCU read-side critical section!", bug.Report);
    }
}
