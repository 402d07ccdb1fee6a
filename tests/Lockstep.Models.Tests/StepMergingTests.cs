using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// Step merging (issue 10 item 1, docs/step-merging.md): the merged search must agree with the unmerged one on the
/// verdict and on the set of bug kinds (collecting every bug, <c>--keep-going</c>) for every model in the repository and
/// for small models written to break the assumed discipline, publish objects and alias pointers; and it must merge
/// (fewer states) on the peer benchmark's protocol.
/// </summary>
public sealed class StepMergingTests
{
    private const long Bound = 200_000;

    public static TheoryData<string, string> RepositoryModels()
    {
        var data = new TheoryData<string, string>();
        var files = new[] { "contracts", "examples", "regressions" }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(ModelPaths.Root, "models", dir), "*.c", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(ModelPaths.Root, "bench", "peers", "lockstep"), "*.c"))
            .Select(file => Path.GetRelativePath(ModelPaths.Root, file))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
            foreach (var defines in DefineSets(file).Distinct())
                data.Add(file, defines);
        return data;
    }

    public static TheoryData<string, string, string> SelftestInstances()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(ModelPaths.Root, "models", "selftests", "cases.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            data.Add(f[1], f[2], f[3]);
        }
        return data;
    }

    [Theory, MemberData(nameof(RepositoryModels))]
    public void MergedSearchAgreesOnRepositoryModel(string model, string defines)
    {
        var options = new CheckOptions { Defines = defines.Split(',', StringSplitOptions.RemoveEmptyEntries) };
        AssertAgree(ModelSource.FromFile(Path.Combine(ModelPaths.Root, model)), options);
    }

    [Theory, MemberData(nameof(SelftestInstances))]
    public void MergedSearchAgreesOnSelftest(string template, string defines, string configs)
    {
        var options = new CheckOptions
        {
            Defines = defines.Split(',', StringSplitOptions.RemoveEmptyEntries),
            Configs = configs.Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
        AssertAgree(ModelSource.FromFile(Path.Combine(ModelPaths.Root, "models", "selftests", template)), options);
    }

    [Theory]
    [InlineData("itree_hlist_unwind.c", "")]
    [InlineData("itree_hlist_unwind.c", "MN_ITREE_END_ON_HLIST_FAILURE")]
    [InlineData("itree_hlist_unwind.c", "MN_ITREE_FIXED")]
    [InlineData("itree_deferred_remove.c", "")]
    [InlineData("itree_deferred_remove.c", "MN_ITREE_SEQ_AFTER_DEFERRED")]
    public void MergedSearchAgreesOnTheFindingsModels(string file, string variant)
    {
        var options = new CheckOptions
        {
            Defines = variant.Length > 0 ? [variant] : [],
            IncludeDirectories = [ModelPaths.Linux("include")],
        };
        AssertAgree(ModelSource.FromFile(ModelPaths.Linux(Path.Combine("findings", file))), options);
    }

    [Fact]
    public void MergedSearchAgreesOnTheSeedModelsOomActors()
    {
        var options = new CheckOptions
        {
            Defines = ["WITH_VCPU=0", "WITH_EXIT=0"],
            IncludeDirectories = [ModelPaths.Linux("include")],
        };
        AssertAgree(ModelSource.FromFile(ModelPaths.Linux("kvm_oom.c")), options);
    }

    /// <summary>
    /// The bug-free KVM invalidate / fault / memslot protocol of the peer benchmark (1 vCPU, 1 invalidator, no
    /// allocation failing): its critical sections under mmu_lock, mn_invalidate_lock and the PTL run as one step each.
    /// </summary>
    [Fact]
    public void MergingHalvesTheBenchProtocolsStates()
    {
        var file = Path.Combine(ModelPaths.Root, "bench", "peers", "lockstep", "invalidate_fault_memslot.c");
        var options = new CheckOptions { MaxAllocFailures = 0 };
        var unmerged = ModelChecker.CheckFile(file, options with { StepMerging = false });
        var merged = ModelChecker.CheckFile(file, options);
        Assert.True(unmerged.Verdict == Verdict.Ok, TextReport.Render(unmerged));
        Assert.True(merged.Verdict == Verdict.Ok, TextReport.Render(merged));
        // docs/step-merging.md, "Effect" (22,733 and 12,953 since a joined thread no longer blocks the reduction).
        Assert.Equal(22_733, unmerged.Statistics.States);
        Assert.Equal(12_953, merged.Statistics.States);
        Assert.True(merged.Statistics.StepMerging);
        Assert.Empty(merged.Statistics.MergeFallbacks);
        Assert.True(merged.Statistics.MergedOperations > 0);
        Assert.Contains("merged operations:", TextReport.Render(merged));
        // What the search reached does not depend on merging: merged operations mark their lines and branches too.
        Assert.Equal(unmerged.Coverage.Model, merged.Coverage.Model);
        Assert.Equal(106, merged.Coverage.Model.LinesReached);
        static string Text(CoverageReport c) { var sb = new System.Text.StringBuilder(); CoverageText.Append(sb, c); return sb.ToString(); }
        Assert.Equal(Text(unmerged.Coverage), Text(merged.Coverage));
    }

    /// <summary>
    /// A merged trace still shows every line: the flag-and-early-return bench's use-after-free, merged, has the fault's
    /// installation of the SPTE (a store guarded by mmu_lock) and its release inside the step of the recheck's load, and
    /// the invalidator's PTE clearing inside its spin_lock's step.
    /// </summary>
    [Fact]
    public void AMergedTraceShowsTheOperationsThatRanInsideEachStep()
    {
        var file = Path.Combine(ModelPaths.Root, "bench", "peers", "lockstep", "flag_early_return.c");
        var result = ModelChecker.CheckFile(file, new CheckOptions { StepMerging = true });
        Assert.True(result.Verdict == Verdict.Bug, TextReport.Render(result));
        var trace = result.Bugs[0].Trace;
        Assert.True(result.Statistics.MergedOperations > 0);

        var install = Assert.Single(trace, s => s.Merged.Any(m => m.Source.Contains("kvm->spte = page;", StringComparison.Ordinal)));
        Assert.Equal("vcpu", install.Thread);
        Assert.Equal("load", install.Operation);
        Assert.Equal(["store", "spin_unlock"], install.Merged.Select(m => m.Operation));
        Assert.Equal([22, 23], install.Merged.Select(m => m.Location!.Line));
        Assert.EndsWith("vcpu_fault.h", install.Merged[0].Location!.File, StringComparison.Ordinal);

        var unmap = Assert.Single(trace, s => s.Thread == "munmap" && s.Operation == "spin_lock" && s.Merged.Count > 0);
        Assert.Equal(["old = the_mm.pte;", "the_mm.pte = NULL;", "spin_unlock(&the_mm.ptl);"], unmap.Merged.Select(m => m.Source.Trim()));
        Assert.Contains("\"+\" marks an operation that ran inside the step above it", TextReport.Render(result));

        // Without merging no step carries merged operations.
        var unmerged = ModelChecker.CheckFile(file, new CheckOptions { StepMerging = false });
        Assert.All(unmerged.Bugs[0].Trace, s => Assert.Empty(s.Merged));
    }

    /// <summary>
    /// The static guess on the bench protocol: the cells always accessed under a lock get it as their guard, the ones
    /// the kernel reads without a lock (READ_ONCE of the count in rcuwait_wait_event's condition, of the sequence
    /// before the fault's recheck) get none; the three spinlocks' releases move.
    /// </summary>
    [Fact]
    public void TheBenchProtocolsGuardsAreTheLocksTheKernelTakes()
    {
        var primitives = new Kernel.KernelPrimitives(Kernel.KernelConfig.From([]));
        var file = Path.Combine(ModelPaths.Root, "bench", "peers", "lockstep", "invalidate_fault_memslot.c");
        var compiled = ModelCompilation.Compile(ModelSource.FromFile(file), new CheckOptions(), primitives);
        var loaded = new Machine.Execution.LoadedProgram(compiled.Program!, primitives);
        loaded.MergeSteps(new HashSet<int>());
        var discipline = loaded.Discipline!;
        var names = compiled.Program!.LocationClasses!;
        Assert.Equal(["global the_mm+5 (pte)", "struct kvm+13 (mmu_invalidate_in_progress)", "struct kvm+23 (spte)"],
            discipline.GuardedClasses.Select(c => names[c]).Order(StringComparer.Ordinal));
        Assert.Equal(["global the_mm+0 (ptl.__owner)", "struct kvm+0 (mn_invalidate_lock.__owner)", "struct kvm+8 (mmu_lock.__owner)"],
            discipline.MovableLocks.Select(c => names[c]).Order(StringComparer.Ordinal));
        // spte's guard is mmu_lock of the same struct kvm (the_kvm), not mn_invalidate_lock.
        var theKvm = compiled.Program.FindGlobal("the_kvm");
        Assert.Equal(Machine.Ir.Pointer.Global(theKvm, 8), discipline.GuardOf(Machine.Ir.Pointer.Global(theKvm, 23)));
    }

    // ------------------------------------------------------------------ models that test the discipline

    /// <summary>
    /// main reads the counter while the threads may still run, without the lock. The threads' critical sections are
    /// single transitions whose footprints must name the counter they write merged: otherwise partial-order reduction
    /// takes main's read as independent of them, delays it until they have finished — where a thread alone may read
    /// without the lock — and the early read (counter 0 or 1) is never seen: a false ok.
    /// </summary>
    private const string MainReadsWhileThreadsRun = """
        static DEFINE_SPINLOCK(counter_lock);
        static int counter;

        static int incrementer(void *data)
        {
            spin_lock(&counter_lock);
            counter = counter + 1;
            spin_unlock(&counter_lock);
            return 0;
        }

        int main(void)
        {
            kthread_run(incrementer, NULL, "inc-a");
            kthread_run(incrementer, NULL, "inc-b");
            assert(counter == 2);
            return 0;
        }
        """;

    [Fact]
    public void MergedAccessesAreInTheirStepsFootprint()
    {
        var (unmerged, merged) = AssertAgree(ModelSource.FromText("#include <lockstep/kernel.h>\n" + MainReadsWhileThreadsRun, "early.c"), new CheckOptions());
        Assert.Equal(Verdict.Bug, unmerged.Verdict);
        Assert.Equal("assertion", merged.FirstBug!.Kind);
        Assert.Contains("global counter", Assert.Single(merged.Statistics.MergeFallbacks));
    }

    /// <summary>
    /// A primitive on a cell counts as a write of its class in the static guess: flags is read under the lock but set by
    /// set_bit() without it (as the seed's vCPU requests are, kvm_make_all_cpus_request()), so it gets no guard and the
    /// search need not be voided and run again; the counter beside it is still guarded.
    /// </summary>
    [Fact]
    public void APrimitiveWithoutTheLockKeepsItsCellUnguarded()
    {
        const string model = """
            #include <lockstep/kernel.h>
            static DEFINE_SPINLOCK(lock);
            static int counter;
            static unsigned long flags;

            static int reader(void *data)
            {
                unsigned long seen;
                spin_lock(&lock);
                counter = counter + 1;
                seen = flags;
                spin_unlock(&lock);
                return (int)seen;
            }

            static int requester(void *data)
            {
                set_bit(0, &flags);
                return 0;
            }

            int main(void)
            {
                struct task_struct *a = kthread_run(reader, NULL, "reader");
                struct task_struct *b = kthread_run(requester, NULL, "requester");
                kthread_stop(a);
                kthread_stop(b);
                return 0;
            }
            """;
        var (unmerged, merged) = AssertAgree(ModelSource.FromText(model, "requests.c"), new CheckOptions());
        Assert.Equal(Verdict.Ok, unmerged.Verdict);
        Assert.Empty(merged.Statistics.MergeFallbacks);
        Assert.True(merged.Statistics.MergedOperations > 0);
    }

    /// <summary>main reads the counter after it has stopped both threads: alone, it needs no lock, and nothing falls back.</summary>
    [Fact]
    public void AThreadAloneNeedsNoGuard()
    {
        var model = MainReadsWhileThreadsRun
            .Replace("kthread_run(incrementer, NULL, \"inc-a\");", "struct task_struct *a = kthread_run(incrementer, NULL, \"inc-a\");")
            .Replace("kthread_run(incrementer, NULL, \"inc-b\");", "struct task_struct *b = kthread_run(incrementer, NULL, \"inc-b\");\n    kthread_stop(a);\n    kthread_stop(b);")
            // kthread_stop() of a thread that has not run yet keeps its function from running at all (kthread()).
            .Replace("assert(counter == 2);", "assert(counter <= 2);");
        var (unmerged, merged) = AssertAgree(ModelSource.FromText("#include <lockstep/kernel.h>\n" + model, "stopped.c"), new CheckOptions());
        Assert.Equal(Verdict.Ok, unmerged.Verdict);
        Assert.Empty(merged.Statistics.MergeFallbacks);
        Assert.True(merged.Statistics.MergedOperations > 0);
    }

    /// <summary>A write through a pointer the lowering cannot classify, without the lock the other accesses hold: the
    /// static guess calls the counter guarded, the check catches the write and the search starts again without merging.</summary>
    private const string UnlockedWriteThroughPointer = """
        static DEFINE_SPINLOCK(lock);
        static int counter;
        static int *alias = &counter;

        static int locked(void *data)
        {
            spin_lock(&lock);
            counter = counter + 1;
            spin_unlock(&lock);
            return 0;
        }

        static int unlocked(void *data)
        {
            *alias = *alias + 1;
            return 0;
        }

        int main(void)
        {
            struct task_struct *a = kthread_run(locked, NULL, "locked");
            struct task_struct *b = kthread_run(unlocked, NULL, "unlocked");
            kthread_stop(a);
            kthread_stop(b);
            assert(counter == 2);
            return 0;
        }
        """;

    [Fact]
    public void AnAccessThatBreaksTheDisciplineFallsBackAndFindsTheLostUpdate()
    {
        var (unmerged, merged) = AssertAgree(ModelSource.FromText("#include <lockstep/kernel.h>\n" + UnlockedWriteThroughPointer, "alias.c"), new CheckOptions());
        Assert.Equal(Verdict.Bug, unmerged.Verdict);
        Assert.Equal("assertion", merged.FirstBug!.Kind);
        var fallback = Assert.Single(merged.Statistics.MergeFallbacks);
        Assert.Contains("global counter", fallback);
        Assert.Contains("without holding its guard", fallback);
    }

    [Fact]
    public void ABreachFoundByEitherOfTwoWorkersRestartsTheCheckWithoutThatClass()
    {
        var source = ModelSource.FromText("#include <lockstep/kernel.h>\n" + UnlockedWriteThroughPointer, "alias.c");
        var options = new CheckOptions { Workers = 2, StepMerging = true, StopAtFirstBug = false, ShortenCounterexamples = false, Coverage = false };

        var merged = ModelChecker.Check(source, options);

        Assert.Equal(Verdict.Bug, merged.Verdict);
        Assert.StartsWith("parallel stateful depth-first, 2 workers", merged.Search);
        Assert.Contains(merged.Bugs, b => b.Kind == "assertion");
        Assert.Contains("global counter", Assert.Single(merged.Statistics.MergeFallbacks));
    }

    /// <summary>Two objects of one type, each with its own lock; a thread takes the wrong one (a's lock for b's counter).</summary>
    private const string WrongInstanceOfTheLock = """
        struct bucket {
            spinlock_t lock;
            int count;
        };
        static struct bucket a, b;

        static void add(struct bucket *held, struct bucket *target)
        {
            spin_lock(&held->lock);
            target->count = target->count + 1;
            spin_unlock(&held->lock);
        }

        static int right(void *data) { add(&b, &b); return 0; }
        static int wrong(void *data) { add(&a, &b); return 0; }

        int main(void)
        {
            struct task_struct *x, *y;
            spin_lock_init(&a.lock);
            spin_lock_init(&b.lock);
            x = kthread_run(right, NULL, "right");
            y = kthread_run(wrong, NULL, "wrong");
            kthread_stop(x);
            kthread_stop(y);
            assert(b.count == 2);
            return 0;
        }
        """;

    [Fact]
    public void TheWrongInstanceOfALockIsNoGuard()
    {
        var (unmerged, merged) = AssertAgree(ModelSource.FromText("#include <lockstep/kernel.h>\n" + WrongInstanceOfTheLock, "buckets.c"), new CheckOptions());
        Assert.Equal(Verdict.Bug, unmerged.Verdict);
        Assert.Equal(Verdict.Bug, merged.Verdict);
    }

    /// <summary>An object initialised privately, published through a global under its lock, then updated under the
    /// object's own lock by two threads, and freed by main after both stopped.</summary>
    private const string PublishedObject = """
        struct obj {
            spinlock_t lock;
            int refs;
            int value;
        };
        static DEFINE_SPINLOCK(publish_lock);
        static struct obj *shared;

        static int user(void *data)
        {
            struct obj *o;
            spin_lock(&publish_lock);
            o = shared;
            spin_unlock(&publish_lock);
            if (!o)
                return 0;
            spin_lock(&o->lock);
            o->value = o->value + 1;
            spin_unlock(&o->lock);
            return 0;
        }

        int main(void)
        {
            struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);
            struct task_struct *x, *y;
            if (!o)
                return 0;
            spin_lock_init(&o->lock);
            o->value = 0;
            x = kthread_run(user, NULL, "user-a");
            y = kthread_run(user, NULL, "user-b");
            spin_lock(&publish_lock);
            shared = o;
            spin_unlock(&publish_lock);
            kthread_stop(x);
            kthread_stop(y);
        #ifdef FREE_EARLY
            kfree(o);
            spin_lock(&publish_lock);
            shared = NULL;
            spin_unlock(&publish_lock);
        #else
            spin_lock(&publish_lock);
            shared = NULL;
            spin_unlock(&publish_lock);
            kfree(o);
        #endif
            return 0;
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APublishedObjectAgrees(bool freeEarly)
    {
        var options = new CheckOptions { Defines = freeEarly ? ["FREE_EARLY"] : [] };
        var (unmerged, merged) = AssertAgree(ModelSource.FromText("#include <lockstep/kernel.h>\n" + PublishedObject, "publish.c"), options);
        Assert.Equal(Verdict.Ok, unmerged.Verdict);
        Assert.True(merged.Statistics.MergedOperations > 0, TextReport.Render(merged));
    }

    /// <summary>An invariant that holds only outside the critical section: x and y move together under the lock. The
    /// cells an invariant reads are never merged away, so the merged search sees the state between the two writes.</summary>
    private const string InvariantInsideTheCriticalSection = """
        static DEFINE_MUTEX(m);
        static int x, y;

        LOCKSTEP_INVARIANT(balanced) { return x == y; }

        static int mover(void *data)
        {
            mutex_lock(&m);
            x = x + 1;
            y = y + 1;
            mutex_unlock(&m);
            return 0;
        }

        int main(void)
        {
            struct task_struct *a = kthread_run(mover, NULL, "a");
            struct task_struct *b = kthread_run(mover, NULL, "b");
            kthread_stop(a);
            kthread_stop(b);
            return 0;
        }
        """;

    [Fact]
    public void CellsAnInvariantReadsAreNotMergedAway()
    {
        var (unmerged, merged) = AssertAgree(ModelSource.FromText("#include <lockstep/kernel.h>\n" + InvariantInsideTheCriticalSection, "invariant.c"), new CheckOptions());
        Assert.Equal(Verdict.Bug, unmerged.Verdict);
        Assert.Equal("invariant", merged.FirstBug!.Kind);
    }

    /// <summary>A spin on a guarded cell while holding its lock: nobody can change it, the thread never ends its
    /// critical section. Merged steps end after <see cref="Machine.Execution.MachineExecutor.MaxMergedOperations"/>, so
    /// the loop is still a cycle of states the search reports.</summary>
    private const string SpinInsideTheCriticalSection = """
        static DEFINE_SPINLOCK(lock);
        static int flag = 1;

        static int spinner(void *data)
        {
            spin_lock(&lock);
            while (flag)
                cpu_relax();
            spin_unlock(&lock);
            return 0;
        }

        static int clearer(void *data)
        {
            spin_lock(&lock);
            flag = 0;
            spin_unlock(&lock);
            return 0;
        }

        int main(void)
        {
            kthread_run(spinner, NULL, "spinner");
            kthread_run(clearer, NULL, "clearer");
            return 0;
        }
        """;

    [Fact]
    public void ALoopInsideACriticalSectionIsStillACycle()
    {
        var (unmerged, merged) = AssertAgree(ModelSource.FromText("#include <lockstep/kernel.h>\n" + SpinInsideTheCriticalSection, "spin.c"), new CheckOptions());
        Assert.Equal(Verdict.Bug, unmerged.Verdict);
        Assert.Equal(Verdict.Bug, merged.Verdict);
    }

    /// <summary>A trylock on the lock: its releases must stay steps of their own (a trylock observes where they are).</summary>
    private const string TrylockObservesTheRelease = """
        static DEFINE_SPINLOCK(lock);
        static int data;
        static int missed;

        static int owner(void *arg)
        {
            spin_lock(&lock);
            data = data + 1;
            spin_unlock(&lock);
            return 0;
        }

        static int prober(void *arg)
        {
            if (spin_trylock(&lock)) {
                data = data + 1;
                spin_unlock(&lock);
            } else {
                WRITE_ONCE(missed, 1);
            }
            return 0;
        }

        int main(void)
        {
            struct task_struct *a = kthread_run(owner, NULL, "owner");
            struct task_struct *b = kthread_run(prober, NULL, "prober");
            kthread_stop(a);
            kthread_stop(b);
            assert(!missed);
            return 0;
        }
        """;

    [Fact]
    public void ATrylockKeepsReleasesVisible()
    {
        var (unmerged, merged) = AssertAgree(ModelSource.FromText("#include <lockstep/kernel.h>\n" + TrylockObservesTheRelease, "trylock.c"), new CheckOptions());
        Assert.Equal(Verdict.Bug, unmerged.Verdict);
        Assert.Equal("assertion", merged.FirstBug!.Kind);
    }

    /// <summary>
    /// A generated corpus about locked data (<see cref="Differential.LockDisciplineGenerator"/>): merged and unmerged
    /// searches agree on every model; the corpus is not vacuous (bugs and oks, fallbacks, merged operations).
    /// LOCKSTEP_MERGE_COUNT / LOCKSTEP_MERGE_SEED run a longer or another slice.
    /// </summary>
    [Fact]
    public void GeneratedLockDisciplineModelsAgree()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("LOCKSTEP_MERGE_COUNT"), out var n) && n > 0 ? n : 40;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LOCKSTEP_MERGE_SEED"), out var s) ? s : 10;
        var generator = new Differential.LockDisciplineGenerator(seed);
        int bugs = 0, oks = 0, fellBack = 0, merging = 0;
        for (var i = 0; i < count; i++)
        {
            var text = generator.Next();
            var (unmerged, merged) = AssertAgree(ModelSource.FromText(text, $"discipline{i}.c"), new CheckOptions());
            Assert.True(unmerged.Verdict is Verdict.Ok or Verdict.Bug, $"model {i} (seed {seed}):\n{text}\n{TextReport.Render(unmerged)}");
            if (unmerged.Verdict == Verdict.Bug) bugs++; else oks++;
            if (merged.Statistics.MergeFallbacks.Count > 0) fellBack++;
            if (merged.Statistics.MergedOperations > 0) merging++;
        }
        Console.WriteLine($"step merging, seed {seed}: {count} models, {bugs} with bugs, {oks} ok, {fellBack} fell back, {merging} merged");
        Assert.True(bugs > 0 && oks > 0 && fellBack > 0 && merging > 0, $"{bugs} bugs, {oks} ok, {fellBack} fell back, {merging} merged");
    }

    [Fact]
    public void MergingIsOnByDefaultAndTheReportSaysSo()
    {
        var result = ModelChecker.CheckFile(ModelPaths.Example("counter_locked.c"));
        Assert.True(result.Statistics.StepMerging);
        Assert.Contains("step merging", result.Search);
        Assert.Contains("merged operations", TextReport.Render(result));

        var off = ModelChecker.CheckFile(ModelPaths.Example("counter_locked.c"), new CheckOptions { StepMerging = false });
        Assert.False(off.Statistics.StepMerging);
        Assert.Equal(0, off.Statistics.MergedOperations);
        Assert.DoesNotContain("step merging", off.Search);
        Assert.DoesNotContain("merged operations", TextReport.Render(off));
    }

    // ------------------------------------------------------------------ the comparison

    /// <summary>Checks the model unmerged and merged, collecting every bug (the merged run also under the footprint
    /// audit); when the unmerged search covers its state space within the bound, both must say the same verdict and the
    /// same bug kinds.</summary>
    private static (CheckResult Unmerged, CheckResult Merged) AssertAgree(ModelSource source, CheckOptions options)
    {
        options = options with { StepMerging = false, StopAtFirstBug = false, MaxStates = Bound, ShortenCounterexamples = false, Coverage = false };
        var unmerged = ModelChecker.Check(source, options);
        var merged = ModelChecker.Check(source, options with { StepMerging = true, AuditFootprints = true });
        Assert.True(unmerged.Verdict != Verdict.Error, TextReport.Render(unmerged));
        Assert.True(merged.Statistics.StepMerging);
        if (unmerged.Verdict == Verdict.Incomplete || unmerged.Statistics.States >= Bound) return (unmerged, merged);
        Assert.True(merged.Verdict == unmerged.Verdict && Kinds(merged).SequenceEqual(Kinds(unmerged)),
            $"unmerged: {unmerged.Verdict} [{string.Join(", ", Kinds(unmerged))}], merged: {merged.Verdict} [{string.Join(", ", Kinds(merged))}]\n"
            + TextReport.Render(merged));
        return (unmerged, merged);
    }

    private static string[] Kinds(CheckResult result) => [.. result.Bugs.Select(b => b.Kind).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The -D switches a model's own #ifdefs offer, one run each (and one with none), as FootprintAuditTests.</summary>
    private static IEnumerable<string> DefineSets(string model)
    {
        yield return "";
        foreach (var line in File.ReadLines(Path.Combine(ModelPaths.Root, model)))
        {
            var t = line.Trim();
            if (t.StartsWith("#ifdef ", StringComparison.Ordinal) || t.StartsWith("#ifndef ", StringComparison.Ordinal))
            {
                var name = t[(t.IndexOf(' ') + 1)..].Trim();
                // Size switches of the peer benchmark (NR_VCPUS, NR_INVALIDATIONS) keep their default.
                if (!name.StartsWith("NR_", StringComparison.Ordinal)) yield return name;
            }
        }
    }
}
