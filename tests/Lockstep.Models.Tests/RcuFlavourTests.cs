using Lockstep.Checker;
using Lockstep.Reports;

using static Lockstep.Models.Tests.InlineModels;

namespace Lockstep.Models.Tests;

/// <summary>The RCU flavours of the consolidated RCU (v6.19) and kfree_rcu(): one grace period for all readers;
/// lockdep's three maps with their wait contexts.</summary>
public sealed class RcuFlavourTests
{
    private static string Reader(string lockCall, string unlockCall) => $$"""
        struct item { int v; };
        static struct item *shared;
        static int reader(void *d)
        {
            struct item *it;
            {{lockCall}};
            it = READ_ONCE(shared);
            if (it) WRITE_ONCE(it->v, 1);
            {{unlockCall}};
            return 0;
        }
        """;

    /// <summary>synchronize_rcu() waits for readers of every flavour.</summary>
    [Theory]
    [InlineData("rcu_read_lock()", "rcu_read_unlock()")]
    [InlineData("rcu_read_lock_bh()", "rcu_read_unlock_bh()")]
    [InlineData("rcu_read_lock_sched()", "rcu_read_unlock_sched()")]
    public void SynchronizeRcuWaitsForReadersOfEveryFlavour(string lockCall, string unlockCall)
    {
        AssertOk(Check(Reader(lockCall, unlockCall) + """
            int main(void) { struct item *it = kzalloc(sizeof(*it), GFP_KERNEL); WRITE_ONCE(shared, it); kthread_run(reader, NULL, "reader"); WRITE_ONCE(shared, NULL); synchronize_rcu(); kfree(it); return 0; }
            """));
        AssertBug(Check(Reader(lockCall, unlockCall) + """
            int main(void) { struct item *it = kzalloc(sizeof(*it), GFP_KERNEL); WRITE_ONCE(shared, it); kthread_run(reader, NULL, "reader"); WRITE_ONCE(shared, NULL); kfree(it); return 0; }
            """), "use-after-free");
    }

    [Fact]
    public void KfreeRcuFreesAfterAGracePeriod()
    {
        const string body = """
            struct item { int v; struct rcu_head rcu; };
            static struct item *shared;
            static int reader(void *d) { struct item *it; rcu_read_lock(); it = READ_ONCE(shared); if (it) WRITE_ONCE(it->v, 1); rcu_read_unlock(); return 0; }
            """;
        AssertOk(Check(body + """
            int main(void) { struct item *it = kzalloc(sizeof(*it), GFP_KERNEL); WRITE_ONCE(shared, it); kthread_run(reader, NULL, "reader"); WRITE_ONCE(shared, NULL); kfree_rcu(it, rcu); rcu_barrier(); return 0; }
            """));
        // The object is freed: a later access through the old pointer is a use-after-free.
        AssertBug(Check(body + """
            int main(void) { struct item *it = kzalloc(sizeof(*it), GFP_KERNEL); WRITE_ONCE(shared, NULL); kfree_rcu(it, rcu); rcu_barrier(); return it->v; }
            """), "use-after-free");
    }

    [Fact]
    public void SleepingInsideRcuReadLockBhIsSleepInAtomic() => AssertBug(Check("""
        static DEFINE_MUTEX(m);
        int main(void) { rcu_read_lock_bh(); mutex_lock(&m); mutex_unlock(&m); rcu_read_unlock_bh(); return 0; }
        """), "sleep-in-atomic");

    /// <summary>rcu_sched_lock_map's inner wait type is SPIN: a spinlock_t inside is an invalid wait context under
    /// PROVE_RAW_LOCK_NESTING; rcu_lock_map's is CONFIG, so the same lock inside rcu_read_lock() is fine.</summary>
    [Fact]
    public void ASpinlockInsideRcuReadLockSchedIsAnInvalidWaitContext()
    {
        var bug = AssertBug(Check("""
            static DEFINE_SPINLOCK(l);
            int main(void) { rcu_read_lock_sched(); spin_lock(&l); spin_unlock(&l); rcu_read_unlock_sched(); return 0; }
            """, "PROVE_RAW_LOCK_NESTING"), "invalid-wait-context");
        Assert.Contains("(rcu_read_lock_sched){....}-{1:2}", bug.Report);
        AssertOk(Check("""
            static DEFINE_SPINLOCK(l);
            int main(void) { rcu_read_lock(); spin_lock(&l); spin_unlock(&l); rcu_read_unlock(); rcu_read_lock_bh(); spin_lock(&l); spin_unlock(&l); rcu_read_unlock_bh(); return 0; }
            """, "PROVE_RAW_LOCK_NESTING"));
    }

    [Fact]
    public void UnlockingAnotherFlavourIsABadUnlock() => Assert.Contains("rcu_read_lock_bh", AssertBug(Check("""
        int main(void) { rcu_read_lock(); rcu_read_unlock_bh(); return 0; }
        """), "bad-unlock").Report);
}
