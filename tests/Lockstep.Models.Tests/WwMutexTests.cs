using Lockstep.Checker;
using Lockstep.Reports;

using static Lockstep.Models.Tests.InlineModels;

namespace Lockstep.Models.Tests;

/// <summary>ww_mutex with acquire contexts (issue 12): -EDEADLK to the context that must yield, the backoff-and-retry
/// pattern with ww_mutex_lock_slow(), and the DEBUG_WW_MUTEXES checks.</summary>
public sealed class WwMutexTests
{
    /// <summary>Two transactions take the same two locks in opposite orders; the one told -EDEADLK backs off (unlocks,
    /// waits for the contended lock with ww_mutex_lock_slow()) and retries. Documentation/locking/ww-mutex-design.rst.</summary>
    private static string Transactions(string classDefine, string backoff) => $$"""
        static {{classDefine}}(test_ww_class);
        static struct ww_mutex a, b;
        static int deadlocks;

        static int transaction(void *data)
        {
            struct ww_acquire_ctx ctx;
            struct ww_mutex *first = data ? &b : &a;
            struct ww_mutex *second = data ? &a : &b;
            struct ww_mutex *tmp;
            int ret;

            ww_acquire_init(&ctx, &test_ww_class);
            ret = ww_mutex_lock(first, &ctx);
            assert(ret == 0);
            while ((ret = ww_mutex_lock(second, &ctx)) == -EDEADLK) {
                WRITE_ONCE(deadlocks, 1);
                {{backoff}}
            }
            assert(ret == 0);
            ww_acquire_done(&ctx);
            ww_mutex_unlock(second);
            ww_mutex_unlock(first);
            ww_acquire_fini(&ctx);
            return 0;
        }

        int main(void)
        {
            ww_mutex_init(&a, &test_ww_class);
            ww_mutex_init(&b, &test_ww_class);
            kthread_run(transaction, NULL, "t0");
            kthread_run(transaction, (void *)1, "t1");
            return 0;
        }
        """;

    private const string Backoff = "ww_mutex_unlock(first); ww_mutex_lock_slow(second, &ctx); tmp = first; first = second; second = tmp;";

    [Theory]
    [InlineData("DEFINE_WD_CLASS")]
    [InlineData("DEFINE_WW_CLASS")]
    public void TheBackoffAndRetryPatternNeverDeadlocks(string classDefine) => AssertOk(Check(Transactions(classDefine, Backoff)));

    /// <summary>Some interleaving really does tell a transaction -EDEADLK (so the backoff path is exercised).</summary>
    [Theory]
    [InlineData("DEFINE_WD_CLASS")]
    [InlineData("DEFINE_WW_CLASS")]
    public void SomeInterleavingBacksOff(string classDefine) => AssertBug(Check(
        Transactions(classDefine, Backoff).Replace("WRITE_ONCE(deadlocks, 1);", "assert(0);", StringComparison.Ordinal)), "assertion");

    /// <summary>After -EDEADLK a context must take the contended lock next: taking another is a ww debug check.</summary>
    [Fact]
    public void LockingAnotherMutexAfterEdeadlkIsMisuse() => Assert.Contains("ww_ctx->contending_lock != ww", AssertBug(Check(
        Transactions("DEFINE_WD_CLASS", "ww_mutex_unlock(first); ww_mutex_lock(first, &ctx);")), "ww-misuse").Report);

    [Fact]
    public void LockSlowWithoutEdeadlkIsMisuse() => AssertBug(Check("""
        static DEFINE_WD_CLASS(c);
        static struct ww_mutex a;
        int main(void) { struct ww_acquire_ctx ctx; ww_mutex_init(&a, &c); ww_acquire_init(&ctx, &c); ww_mutex_lock_slow(&a, &ctx); ww_mutex_unlock(&a); ww_acquire_fini(&ctx); return 0; }
        """), "ww-misuse");

    [Fact]
    public void LockingAfterAcquireDoneIsMisuse() => Assert.Contains("done_acquire", AssertBug(Check("""
        static DEFINE_WD_CLASS(c);
        static struct ww_mutex a, b;
        int main(void)
        {
            struct ww_acquire_ctx ctx;
            ww_mutex_init(&a, &c); ww_mutex_init(&b, &c);
            ww_acquire_init(&ctx, &c);
            ww_mutex_lock(&a, &ctx);
            ww_acquire_done(&ctx);
            ww_mutex_lock(&b, &ctx);
            ww_mutex_unlock(&b); ww_mutex_unlock(&a); ww_acquire_fini(&ctx);
            return 0;
        }
        """), "ww-misuse").Report);

    [Fact]
    public void FinishingAContextWithLocksHeldIsMisuse() => AssertBug(Check("""
        static DEFINE_WD_CLASS(c);
        static struct ww_mutex a;
        int main(void) { struct ww_acquire_ctx ctx; ww_mutex_init(&a, &c); ww_acquire_init(&ctx, &c); ww_mutex_lock(&a, &ctx); ww_acquire_fini(&ctx); ww_mutex_unlock(&a); return 0; }
        """), "ww-misuse");

    /// <summary>ww_mutex_lock() takes the mutex with the context's map as nest lock (mutex_acquire_nest()): after
    /// ww_acquire_fini() the map is no longer held, and lockdep says so.</summary>
    [Fact]
    public void LockingWithAFinishedContextIsNestLockNotHeld()
    {
        var bug = AssertBug(Check("""
            static DEFINE_WD_CLASS(c);
            static struct ww_mutex a;
            int main(void)
            {
                struct ww_acquire_ctx ctx;
                ww_mutex_init(&a, &c);
                ww_acquire_init(&ctx, &c);
                ww_acquire_fini(&ctx);
                ww_mutex_lock(&a, &ctx);
                ww_mutex_unlock(&a);
                return 0;
            }
            """), "nest-lock-not-held");
        Assert.Equal(10, bug.Location!.Line);
        Assert.Contains("(c_mutex){", bug.Report);
        Assert.Contains("\nbut this task is not holding:\nc_acquire\n", bug.Report);
    }

    /// <summary>__ww_mutex_kill(): a context told -EDEADLK must back off before it can be told again.</summary>
    [Fact]
    public void ASecondEdeadlkBeforeBackingOffIsMisuse() => Assert.Contains("DEBUG_LOCKS_WARN_ON(ww_ctx->contending_lock)", AssertBug(Check(
        Transactions("DEFINE_WD_CLASS", "ww_mutex_lock(second, &ctx);")), "ww-misuse").Report);

    /// <summary>ww_mutex_lock_acquired(): a ww_mutex whose ctx is still set (released with a plain mutex_unlock(), or
    /// a stale context) when a context takes it.</summary>
    [Fact]
    public void TakingAWwMutexWithAStaleContextIsMisuse() => Assert.Contains("DEBUG_LOCKS_WARN_ON(ww->ctx)", AssertBug(Check("""
        static DEFINE_WD_CLASS(c);
        static struct ww_mutex a;
        static struct ww_acquire_ctx ctx, stale;
        int main(void)
        {
            ww_mutex_init(&a, &c);
            ww_acquire_init(&ctx, &c);
            a.ctx = &stale;
            ww_mutex_lock(&a, &ctx);
            ww_mutex_unlock(&a);
            ww_acquire_fini(&ctx);
            return 0;
        }
        """), "ww-misuse").Report);

    /// <summary>__ww_mutex_unlock(): unlocking with the context's count already at 0.</summary>
    [Fact]
    public void UnlockingWithTheContextCountAtZeroIsMisuse() => Assert.Contains("DEBUG_LOCKS_WARN_ON(!lock->ctx->acquired)", AssertBug(Check("""
        static DEFINE_WD_CLASS(c);
        static struct ww_mutex a;
        int main(void) { struct ww_acquire_ctx ctx; ww_mutex_init(&a, &c); ww_acquire_init(&ctx, &c); ww_mutex_lock(&a, &ctx); ctx.acquired = 0; ww_mutex_unlock(&a); ww_acquire_fini(&ctx); return 0; }
        """), "ww-misuse").Report);

    [Fact]
    public void LockingAMutexTheContextHoldsIsEalready() => AssertOk(Check("""
        static DEFINE_WD_CLASS(c);
        static struct ww_mutex a;
        int main(void) { struct ww_acquire_ctx ctx; ww_mutex_init(&a, &c); ww_acquire_init(&ctx, &c); assert(ww_mutex_lock(&a, &ctx) == 0); assert(ww_mutex_lock(&a, &ctx) == -EALREADY); ww_mutex_unlock(&a); ww_acquire_fini(&ctx); return 0; }
        """));

    /// <summary>Without a context two ww_mutexes of one class are one lockdep class held twice.</summary>
    [Fact]
    public void TwoMutexesOfAClassWithoutAContextAreRecursiveLocking() => Assert.Contains("c_mutex", AssertBug(Check("""
        static DEFINE_WD_CLASS(c);
        static struct ww_mutex a, b;
        int main(void) { ww_mutex_init(&a, &c); ww_mutex_init(&b, &c); ww_mutex_lock(&a, NULL); ww_mutex_lock(&b, NULL); ww_mutex_unlock(&b); ww_mutex_unlock(&a); return 0; }
        """), "recursive-locking").Report);
}
