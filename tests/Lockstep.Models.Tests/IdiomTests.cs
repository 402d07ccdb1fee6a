using Lockstep.Checker;
using Lockstep.Reports;

using static Lockstep.Models.Tests.InlineModels;

namespace Lockstep.Models.Tests;

/// <summary>The kernel idioms of issue 12: refcount_t and kref, the width-correct xchg family, smp_cond_load_acquire,
/// wait_var_event/wake_up_var — each primitive's enabling rule and effect, through whole models.</summary>
public sealed class IdiomTests
{
    [Fact]
    public void RefcountCountsAndDecAndTestSaysWhenTheLastReferenceIsGone() => AssertOk(Check("""
        static refcount_t r = REFCOUNT_INIT(1);
        int main(void)
        {
            refcount_inc(&r); refcount_add(2, &r);
            assert(refcount_read(&r) == 4);
            assert(!refcount_sub_and_test(2, &r));
            assert(!refcount_dec_and_test(&r));
            assert(!refcount_dec_if_one(&r) || refcount_read(&r) == 0);
            assert(refcount_read(&r) == 0);
            assert(!refcount_inc_not_zero(&r));
            assert(refcount_read(&r) == 0);
            refcount_set(&r, 2);
            assert(refcount_dec_not_one(&r) && !refcount_dec_not_one(&r));
            return 0;
        }
        """));

    [Fact]
    public void APutBelowZeroIsTheKernelsUnderflowWarning()
    {
        var bug = AssertBug(Check("""
            struct obj { struct kref ref; };
            static struct obj o;
            static void release(struct kref *ref) { }
            int main(void) { kref_init(&o.ref); kref_put(&o.ref, release); kref_put(&o.ref, release); return 0; }
            """), "refcount");
        Assert.StartsWith("refcount_t: underflow; use-after-free.", bug.Title, StringComparison.Ordinal);
        Assert.Contains("refcount_t: underflow; use-after-free.\nWARNING: CPU: 0 PID: 1000 at lib/refcount.c:28 refcount_warn_saturate", bug.Report);
        Assert.Contains(" kref_put+", bug.Report);
    }

    [Fact]
    public void AGetFromZeroIsAdditionOnZero()
    {
        var bug = AssertBug(Check("""
            static refcount_t r = REFCOUNT_INIT(0);
            int main(void) { refcount_inc(&r); return 0; }
            """), "refcount");
        Assert.Contains("refcount_t: addition on 0; use-after-free.", bug.Report);
        Assert.Contains("lib/refcount.c:25", bug.Report);
    }

    [Fact]
    public void ADecrementThatDropsTheLastReferenceLeaks() => Assert.Contains("decrement hit 0; leaking memory", AssertBug(Check("""
        static refcount_t r = REFCOUNT_INIT(1);
        int main(void) { refcount_dec(&r); return 0; }
        """), "refcount").Report);

    /// <summary>The racy kref pattern the kernel warns about: kref_read() > 0 then kref_get() races with the last put.</summary>
    [Fact]
    public void KrefGetAfterACheckRacesWithTheLastPut() => AssertBug(Check("""
        static struct kref ref;
        static void release(struct kref *r) { }
        static int getter(void *d) { if (kref_read(&ref) > 0) { kref_get(&ref); kref_put(&ref, release); } return 0; }
        int main(void) { kref_init(&ref); kthread_run(getter, NULL, "getter"); kref_put(&ref, release); return 0; }
        """), "refcount");

    [Fact]
    public void KrefGetUnlessZeroDoesNotRaceWithTheLastPut() => AssertOk(Check("""
        static struct kref ref;
        static void release(struct kref *r) { }
        static int getter(void *d) { if (kref_get_unless_zero(&ref)) kref_put(&ref, release); return 0; }
        int main(void) { kref_init(&ref); kthread_run(getter, NULL, "getter"); kref_put(&ref, release); return 0; }
        """));

    [Fact]
    public void XchgAndCmpxchgWrapToTheWidthOfTheirTarget() => AssertOk(Check("""
        static u8 b = 250; static u16 h = 1; static u32 w = 7; static u64 q = 9; static int *p;
        static int x;
        int main(void)
        {
            u8 ob = xchg(&b, 256 + 5);
            assert(ob == 250 && b == 5);
            assert(cmpxchg(&h, 1, 65536 + 2) == 1 && h == 2);
            assert(cmpxchg(&w, 8, 1) == 7 && w == 7);
            u32 old = 6;
            assert(!try_cmpxchg(&w, &old, 3) && old == 7);
            assert(try_cmpxchg(&w, &old, 3) && w == 3);
            assert(xchg_relaxed(&q, 10) == 9 && cmpxchg64(&q, 10, 11) == 10 && q == 11);
            assert(xchg(&p, &x) == NULL && p == &x);
            return 0;
        }
        """));

    [Fact]
    public void AtomicTryCmpxchgAndFetchOpsUpdateOneCell() => AssertOk(Check("""
        static atomic_t a = ATOMIC_INIT(5);
        int main(void)
        {
            int old = 5;
            assert(atomic_try_cmpxchg(&a, &old, 6) && atomic_read(&a) == 6);
            assert(atomic_fetch_sub(2, &a) == 6 && atomic_fetch_or(8, &a) == 4 && atomic_read(&a) == 12);
            assert(!atomic_add_unless(&a, 1, 12) && atomic_add_unless(&a, 1, 0) && atomic_read(&a) == 13);
            atomic_set(&a, 0);
            assert(atomic_dec_if_positive(&a) == -1 && atomic_read(&a) == 0);
            return 0;
        }
        """));

    /// <summary>smp_cond_load_acquire() spins until its condition holds; the value that satisfied it is the result.</summary>
    [Fact]
    public void SmpCondLoadAcquireReturnsTheValueThatSatisfiedTheCondition() => AssertOk(Check("""
        static int flag;
        static int setter(void *d) { WRITE_ONCE(flag, 3); return 0; }
        int main(void) { kthread_run(setter, NULL, "setter"); int v = smp_cond_load_acquire(&flag, VAL != 0); assert(v == 3); return 0; }
        """));

    /// <summary>A spin on a value nobody writes, with preemption off: its CPU never schedules again.</summary>
    [Fact]
    public void SmpCondLoadOnAValueNobodyWritesUnderASpinlockIsASoftLockup() => AssertBug(Check("""
        static int flag;
        static DEFINE_SPINLOCK(l);
        int main(void) { spin_lock(&l); smp_cond_load_acquire(&flag, VAL != 0); spin_unlock(&l); return 0; }
        """), "soft-lockup");

    [Fact]
    public void WaitVarEventSleepsUntilWakeUpVar() => AssertOk(Check("""
        static int done;
        static int waker(void *d) { WRITE_ONCE(done, 1); wake_up_var(&done); return 0; }
        int main(void) { kthread_run(waker, NULL, "waker"); wait_var_event(&done, READ_ONCE(done)); return 0; }
        """));

    [Fact]
    public void WaitVarEventWithoutAWakeUpIsAHungTask() => AssertBug(Check("""
        static int done;
        static int setter(void *d) { WRITE_ONCE(done, 1); return 0; }
        int main(void) { kthread_run(setter, NULL, "setter"); wait_var_event(&done, READ_ONCE(done)); return 0; }
        """), "deadlock");
}
