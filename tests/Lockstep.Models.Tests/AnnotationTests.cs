using Lockstep.Checker;
using Lockstep.Reports;

using static Lockstep.Models.Tests.InlineModels;

namespace Lockstep.Models.Tests;

/// <summary>Lockdep annotations, local_lock_t and rt_mutex (issue 12): each primitive's rule and effect through a model.</summary>
public sealed class AnnotationTests
{
    private const string Shrinker = """
        static DEFINE_MUTEX(cache_lock);
        static int shrinker(void *d) { fs_reclaim_acquire(GFP_KERNEL); mutex_lock(&cache_lock); mutex_unlock(&cache_lock); fs_reclaim_release(GFP_KERNEL); return 0; }
        """;

    /// <summary>A GFP_KERNEL allocation under a lock that reclaim takes: lockdep's fs_reclaim dependency cycle.</summary>
    [Fact]
    public void AGfpKernelAllocationUnderALockReclaimTakesIsACircularDependency()
    {
        var bug = AssertBug(Check(Shrinker + """
            int main(void) { void *p; kthread_run(shrinker, NULL, "kswapd0"); mutex_lock(&cache_lock); p = kmalloc(64, GFP_KERNEL); mutex_unlock(&cache_lock); kfree(p); return 0; }
            """), "circular-locking");
        Assert.Contains("(fs_reclaim)", bug.Report);
        Assert.Contains("(cache_lock)", bug.Report);
    }

    [Theory]
    [InlineData("p = kmalloc(64, GFP_NOFS);")]
    [InlineData("{ unsigned int f = memalloc_nofs_save(); p = kmalloc(64, GFP_KERNEL); memalloc_nofs_restore(f); }")]
    [InlineData("{ unsigned int f = memalloc_noio_save(); p = kmalloc(64, GFP_KERNEL); memalloc_noio_restore(f); }")]
    [InlineData("p = kmalloc(64, GFP_ATOMIC);")]
    public void AnAllocationThatCannotEnterFsReclaimRecordsNothing(string alloc) => AssertOk(Check(Shrinker + $$"""
        int main(void) { void *p; kthread_run(shrinker, NULL, "kswapd0"); mutex_lock(&cache_lock); {{alloc}} mutex_unlock(&cache_lock); kfree(p); return 0; }
        """));

    [Fact]
    public void MightAllocChecksWithoutAllocating() => AssertBug(Check(Shrinker + """
        int main(void) { kthread_run(shrinker, NULL, "kswapd0"); mutex_lock(&cache_lock); might_alloc(GFP_KERNEL); mutex_unlock(&cache_lock); return 0; }
        """), "circular-locking");

    [Fact]
    public void MightLockRecordsTheDependencyWithoutTakingTheLock() => Assert.Contains("(b)", AssertBug(Check("""
        static DEFINE_MUTEX(a);
        static DEFINE_MUTEX(b);
        int main(void) { mutex_lock(&b); mutex_lock(&a); mutex_unlock(&a); mutex_unlock(&b); mutex_lock(&a); might_lock(&b); mutex_unlock(&a); return 0; }
        """), "circular-locking").Report);

    [Theory]
    [InlineData("lockdep_assert_held(&s)", false)]
    [InlineData("lockdep_assert_held_write(&s)", false)]
    [InlineData("lockdep_assert_held_read(&s)", true)]
    [InlineData("lockdep_assert_not_held(&s)", true)]
    public void LockdepAssertHeldChecksTheModeItIsHeldIn(string assertion, bool fails)
    {
        var result = Check($$"""
            static DECLARE_RWSEM(s);
            int main(void) { down_write(&s); {{assertion}}; up_write(&s); return 0; }
            """);
        if (fails) Assert.Contains("does not hold", AssertBug(result, "warn-on").Report);
        else AssertOk(result);
    }

    [Fact]
    public void LockdepAssertIrqsDisabledWarnsWithInterruptsOn()
    {
        AssertBug(Check("int main(void) { lockdep_assert_irqs_disabled(); return 0; }"), "warn-on");
        AssertOk(Check("int main(void) { unsigned long f; local_irq_save(f); lockdep_assert_irqs_disabled(); local_irq_restore(f); return 0; }"));
    }

    /// <summary>lockdep_set_subclass(): two locks of one class nest when the inner one has its own subclass.</summary>
    [Fact]
    public void LockdepSetSubclassLetsTwoLocksOfOneClassNest()
    {
        const string body = """
            struct node { struct mutex lock; };
            static struct node parent, child;
            static void node_init(struct node *n) { mutex_init(&n->lock); }
            int main(void)
            {
                node_init(&parent); node_init(&child);
                SUBCLASS
                mutex_lock(&parent.lock); mutex_lock(&child.lock); mutex_unlock(&child.lock); mutex_unlock(&parent.lock);
                return 0;
            }
            """;
        Assert.Contains("possible recursive locking", AssertBug(Check(body.Replace("SUBCLASS", "", StringComparison.Ordinal)), "recursive-locking").Report);
        AssertOk(Check(body.Replace("SUBCLASS", "lockdep_set_subclass(&child.lock, 1);", StringComparison.Ordinal)));
    }

    [Fact]
    public void NovalidateClassIsNotChecked() => AssertOk(Check("""
        static DEFINE_MUTEX(a);
        static DEFINE_MUTEX(b);
        int main(void)
        {
            lockdep_set_novalidate_class(&a);
            mutex_lock(&a); mutex_lock(&b); mutex_unlock(&b); mutex_unlock(&a);
            mutex_lock(&b); mutex_lock(&a); mutex_unlock(&a); mutex_unlock(&b);
            return 0;
        }
        """));

    [Fact]
    public void LockSetClassMovesAHeldLockToAnotherClass()
    {
        var result = Check("""
            static struct lock_class_key other;
            static DEFINE_MUTEX(a);
            static DEFINE_MUTEX(b);
            int main(void)
            {
                mutex_lock(&a); lock_set_class(&a, "a_other", &other, 0, 0); mutex_lock(&b); mutex_unlock(&b); mutex_unlock(&a);
                mutex_lock(&b); mutex_lock(&a); mutex_unlock(&a); mutex_unlock(&b);
                return 0;
            }
            """);
        // a is in class a_other from now on: both orders are between b and a_other.
        Assert.Contains("(a_other)", AssertBug(result, "circular-locking").Report);
    }

    [Fact]
    public void LocalLockNeverBlocksAnotherCpuButDisablesPreemption()
    {
        AssertOk(Check("""
            static local_lock_t ll = INIT_LOCAL_LOCK(ll);
            static int t(void *d) { local_lock(&ll); local_unlock(&ll); return 0; }
            int main(void) { kthread_run(t, NULL, "t"); local_lock(&ll); assert(in_atomic()); local_unlock(&ll); return 0; }
            """));
        AssertBug(Check("""
            static local_lock_t ll = INIT_LOCAL_LOCK(ll);
            static DEFINE_MUTEX(m);
            int main(void) { local_lock(&ll); mutex_lock(&m); mutex_unlock(&m); local_unlock(&ll); return 0; }
            """), "sleep-in-atomic");
    }

    /// <summary>On PREEMPT_RT local_lock_t is a sleeping per-CPU spinlock_t: under a raw spinlock it is reported.</summary>
    [Fact]
    public void OnPreemptRtALocalLockUnderARawSpinlockIsReported()
    {
        const string body = """
            static local_lock_t ll = INIT_LOCAL_LOCK(ll);
            static DEFINE_RAW_SPINLOCK(r);
            int main(void) { raw_spin_lock(&r); local_lock(&ll); local_unlock(&ll); raw_spin_unlock(&r); return 0; }
            """;
        AssertOk(Check(body));
        AssertBug(Check(body, "PREEMPT_RT"), "sleep-in-atomic");
        AssertBug(Check(body, "PROVE_RAW_LOCK_NESTING"), "invalid-wait-context");
    }

    [Fact]
    public void RtMutexIsASleepingLockToLockdep()
    {
        AssertBug(Check("""
            static DEFINE_RT_MUTEX(a);
            static DEFINE_MUTEX(b);
            static int t(void *d) { mutex_lock(&b); rt_mutex_lock(&a); rt_mutex_unlock(&a); mutex_unlock(&b); return 0; }
            int main(void) { kthread_run(t, NULL, "t"); rt_mutex_lock(&a); mutex_lock(&b); mutex_unlock(&b); rt_mutex_unlock(&a); return 0; }
            """), "circular-locking");
        AssertOk(Check("""
            static DEFINE_RT_MUTEX(a);
            static int t(void *d) { if (rt_mutex_trylock(&a)) rt_mutex_unlock(&a); return 0; }
            int main(void) { kthread_run(t, NULL, "t"); rt_mutex_lock(&a); rt_mutex_unlock(&a); return 0; }
            """));
        AssertBug(Check("""
            static DEFINE_RAW_SPINLOCK(r);
            static DEFINE_RT_MUTEX(a);
            int main(void) { raw_spin_lock(&r); rt_mutex_lock(&a); rt_mutex_unlock(&a); raw_spin_unlock(&r); return 0; }
            """), "sleep-in-atomic");
    }
}
