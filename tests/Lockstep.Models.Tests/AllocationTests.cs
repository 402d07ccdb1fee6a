using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>Allocations fail where the kernel lets them (GFP_ATOMIC, GFP_NOWAIT, __GFP_NORETRY, fault injection), and
/// the search explores both outcomes as the allocating thread's choice.</summary>
public sealed class AllocationTests
{
    private static CheckResult Check(string body, int? maxFailures = null, params string[] configs) =>
        ModelChecker.CheckText("#include <lockstep/kernel.h>\nstruct entry { int value; };\n" + body, new CheckOptions
        {
            Configs = configs,
            MaxStates = 100_000,
            MaxAllocFailures = maxFailures ?? Kernel.KernelConfig.DefaultMaxAllocFailures,
        }, "alloc.c");

    private static string Unchecked(string gfp) => $$"""
        static int adder(void *d) { struct entry *e = kzalloc(sizeof(*e), {{gfp}}); e->value = 1; kfree(e); return 0; }
        int main(void) { kthread_run(adder, NULL, "adder"); return 0; }
        """;

    [Theory]
    [InlineData("GFP_ATOMIC", "GFP_ATOMIC")]
    [InlineData("GFP_NOWAIT", "GFP_NOWAIT")]
    [InlineData("GFP_KERNEL | __GFP_NORETRY", "gfp 0x10cc0")]
    [InlineData("GFP_KERNEL | __GFP_RETRY_MAYFAIL", "gfp 0x4cc0")]
    public void AnAllocationThatMayFailIsANullDereferenceUnchecked(string gfp, string shown)
    {
        var r = Check(Unchecked(gfp));
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("null-deref", bug.Kind);
        Assert.Equal("adder", bug.Thread);
        Assert.Equal(3, bug.Location!.Line);
        Assert.Contains(bug.Trace, s => s.Thread == "adder" && s.Operation == $"kzalloc failed ({shown})");
    }

    [Theory]
    [InlineData("GFP_KERNEL")]
    [InlineData("GFP_ATOMIC | __GFP_NOFAIL")]
    public void AnAllocationTheKernelDoesNotLetFailNeverFails(string gfp) =>
        Assert.Equal(Verdict.Ok, Check(Unchecked(gfp)).Verdict);

    [Fact]
    public void FaultInjectionMakesGfpKernelFail()
    {
        var r = Check(Unchecked("GFP_KERNEL"), configs: "FAILSLAB");
        Assert.Equal("null-deref", r.FirstBug?.Kind);
        Assert.Equal(Verdict.Ok, Check(Unchecked("GFP_KERNEL | __GFP_NOFAIL"), configs: "FAILSLAB").Verdict);
    }

    [Fact]
    public void NoFailureIsInjectedWhenTheCapIsZero() => Assert.Equal(Verdict.Ok, Check(Unchecked("GFP_ATOMIC"), maxFailures: 0).Verdict);

    [Fact]
    public void TheCapCountsFailuresPerThread()
    {
        // Two checked allocations, then one unchecked: the third can fail only if the cap allows a failure after the
        // first two succeeded (it does: the cap counts failures, not attempts) — and a cap of 1 spent on the first
        // leaves the unchecked one succeeding on that path.
        const string model = """
            static int adder(void *d)
            {
                struct entry *a = kzalloc(sizeof(*a), GFP_ATOMIC), *b;
                if (!a) { b = kzalloc(sizeof(*b), GFP_ATOMIC); b->value = 2; kfree(b); return 0; }
                kfree(a);
                return 0;
            }
            int main(void) { kthread_run(adder, NULL, "adder"); return 0; }
            """;
        Assert.Equal(Verdict.Ok, Check(model, maxFailures: 1).Verdict);
        Assert.Equal("null-deref", Check(model, maxFailures: 2).FirstBug?.Kind);
    }

    [Fact]
    public void ARetryLoopOnAFailingAllocationTerminates()
    {
        var r = Check("""
            static struct entry *slot;
            static int adder(void *d)
            {
                struct entry *e;
                do { e = kzalloc(sizeof(*e), GFP_NOWAIT); } while (!e);
                e->value = 1;
                WRITE_ONCE(slot, e);
                return 0;
            }
            int main(void) { kthread_run(adder, NULL, "adder"); return 0; }
            """, maxFailures: 3);
        Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));
    }

    /// <summary>A user task allocates with GFP_KERNEL and uses the result unchecked; another thread may mark it an OOM
    /// victim first (mm/oom_kill.c mark_oom_victim(); mm/page_alloc.c lets a victim's allocation fail).</summary>
    private static string Victim(string gfp, bool userTask = true, bool mark = true, string size = "sizeof(*e)") => $$"""
        static int user(void *d) {
            struct entry *e;
            {{(userTask ? "lockstep_user_task();" : "")}}
            e = kzalloc({{size}}, {{gfp}});
            e->value = 1;
            kfree(e);
            return 0;
        }
        static struct task_struct *victim;
        static int killer(void *d) { {{(mark ? "lockstep_mark_oom_victim(victim);" : "")}} return 0; }
        int main(void) { victim = kthread_run(user, NULL, "user"); kthread_run(killer, NULL, "killer"); return 0; }
        """;

    [Fact]
    public void AnOomVictimsGfpKernelAllocationMayFail()
    {
        var r = Check(Victim("GFP_KERNEL"));
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        var bug = r.FirstBug!;
        Assert.Equal("null-deref", bug.Kind);
        Assert.Equal("user", bug.Thread);
        Assert.Equal(7, bug.Location!.Line);
        Assert.Contains(bug.Trace, s => s.Thread == "killer" && s.Operation == "lockstep_mark_oom_victim");
        Assert.Contains(bug.Trace, s => s.Thread == "user" && s.Operation == "kzalloc failed (GFP_KERNEL, OOM victim)");
        // The mark comes before the failure: an allocation before the mark succeeds.
        Assert.True(bug.Trace.ToList().FindIndex(s => s.Operation == "lockstep_mark_oom_victim")
            < bug.Trace.ToList().FindIndex(s => s.Operation.StartsWith("kzalloc failed", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("GFP_KERNEL", false, true, "sizeof(*e)")]        // nobody marks it
    [InlineData("GFP_KERNEL", true, false, "sizeof(*e)")]        // a kernel thread is never an OOM victim
    [InlineData("GFP_KERNEL | __GFP_NOFAIL", true, true, "sizeof(*e)")]
    [InlineData("GFP_KERNEL", true, true, "65536")]              // above PAGE_ALLOC_COSTLY_ORDER: not this rule
    public void OtherwiseAGfpKernelAllocationDoesNotFail(string gfp, bool mark, bool userTask, string size) =>
        Assert.Equal(Verdict.Ok, Check(Victim(gfp, userTask, mark, size)).Verdict);

    [Fact]
    public void TheVictimMarkStaysWithinItsFootprint()
    {
        var r = ModelChecker.CheckText("#include <lockstep/kernel.h>\nstruct entry { int value; };\n" + Victim("GFP_KERNEL"),
            new CheckOptions { AuditFootprints = true, MaxStates = 100_000 }, "alloc.c");
        Assert.True(r.Verdict is Verdict.Bug, TextReport.Render(r));
        Assert.True(r.AuditedPrimitives.ContainsKey("lockstep_mark_oom_victim"));
        Assert.True(r.AuditedPrimitives.ContainsKey("kzalloc"));
    }
}
