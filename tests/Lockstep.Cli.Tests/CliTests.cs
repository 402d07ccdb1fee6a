using Lockstep.Cli;
using Lockstep.Testing;

namespace Lockstep.Cli.Tests;

/// <summary>The command line end to end: exit codes, messages, and the files it writes.</summary>
[Collection(WorkingDirectory.Collection)]
public sealed class CliTests
{
    private static string Root() => RepositoryPaths.Root;

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = LockstepCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Example(string name) => Path.Combine(Root(), "models", "examples", name);

    [Fact]
    public void VerifiedModelExitsZeroAndSaysOk()
    {
        var (code, output, _) = Run("check", Example("counter_locked.c"));
        Assert.Equal(0, code);
        Assert.Contains("verdict: ok", output);
        Assert.Contains("states: ", output);
        Assert.Contains("search: stateful depth-first, 1 worker, partial-order reduction", output);
    }

    [Fact]
    public void TheOutputSaysWhichSearchRan()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var json = Path.Combine(dir.FullName, "result.json");
        var (code, output, _) = Run("check", Example("counter_locked.c"), "--workers", "2", "--json", json);
        Assert.Equal(0, code);
        Assert.Contains("search: parallel stateful depth-first, 2 workers", output);
        Assert.Contains("verdict: ok (non-progress not checked: --workers above 1)", output);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        Assert.StartsWith("parallel stateful depth-first, 2 workers", doc.RootElement.GetProperty("search").GetString());
    }

    [Fact]
    public void BugExitsOneWithTraceJsonAndReplayThatReproducesIt()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var json = Path.Combine(dir.FullName, "result.json");
        var (code, output, _) = Run("check", Example("counter_racy.c"), "--json", json);
        Assert.Equal(1, code);
        Assert.Contains("verdict: bug (assertion", output);
        Assert.Contains("Interleaving (", output);
        var text = File.ReadAllText(json);
        Schemas.AssertValidReport(text);
        Assert.Contains("\"verdict\": \"bug\"", text);
        Assert.Contains("\"kind\": \"assertion\"", text);
        var replay = Path.ChangeExtension(json, ".replay.json");
        Schemas.AssertValidReplay(File.ReadAllText(replay));
        var (replayCode, replayOut, _) = Run("replay", replay);
        Assert.Equal(1, replayCode);
        Assert.Contains("assertion 'counter == 2' failed", replayOut);
    }

    [Fact]
    public void WorkersAutoIsOnePerCore()
    {
        var (code, output, _) = Run("check", Example("counter_locked.c"), "--workers", "auto");
        Assert.Equal(0, code);
        Assert.Contains(Environment.ProcessorCount > 1
            ? $"search: parallel stateful depth-first, {Environment.ProcessorCount} workers"
            : "search: stateful depth-first, 1 worker", output);
        var (badCode, _, err) = Run("check", Example("counter_locked.c"), "--workers", "all");
        Assert.Equal(2, badCode);
        Assert.Contains("--workers must be a whole number up to 2147483647 or auto (got 'all')", err);
    }

    [Fact]
    public void TheSeedsBugFoundByTwoWorkersReplays()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var replay = Path.Combine(dir.FullName, "seed.replay.json");
        var linux = Path.Combine(Lockstep.Testing.RepositoryPaths.Root, "models", "linux");
        var (code, output, _) = Run("check", Path.Combine(linux, "kvm_oom.c"), "-I", Path.Combine(linux, "include"),
            "-D", "OOM_ENTER_SYNC_UNREGISTER", "--workers", "2", "--trace-out", replay);
        Assert.Equal(1, code);
        Assert.Contains("search: parallel stateful depth-first, 2 workers", output);
        Assert.Contains("verdict: bug (recursive-locking", output);
        var (replayCode, replayOut, _) = Run("replay", replay);
        Assert.Equal(1, replayCode);
        Assert.Contains("WARNING: possible recursive locking detected", replayOut);
    }

    [Fact]
    public void CoverageIsPrintedAndWrittenAsLcov()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var lcov = Path.Combine(dir.FullName, "model.info");
        var (code, output, _) = Run("check", Example("scalable_counters.c"), "--coverage", lcov);
        Assert.Equal(0, code);
        Assert.Contains("coverage: model 12/12 lines, 4/4 branch sides;", output);
        var records = File.ReadAllLines(lcov);
        Assert.Contains(records, l => l.StartsWith("SF:", StringComparison.Ordinal) && l.EndsWith("scalable_counters.c", StringComparison.Ordinal));
        Assert.Contains("LH:12", records);
        Assert.Equal(2, Run("check", Example("scalable_counters.c"), "--coverage", lcov, "--no-coverage").Code);
        var (offCode, offOutput, _) = Run("check", Example("scalable_counters.c"), "--no-coverage");
        Assert.Equal(0, offCode);
        Assert.DoesNotContain("coverage:", offOutput);
    }

    [Fact]
    public void DevicesAndHugeFilesAreRefusedBeforeReading()
    {
        var (code, output, error) = Run("check", "/dev/zero");
        output += error;
        Assert.Equal(2, code);
        Assert.Contains("/dev/zero:1:1: error: cannot read '/dev/zero': '/dev/zero' is not a regular file", output);

        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var including = Path.Combine(dir.FullName, "inc.c");
        File.WriteAllText(including, "#include \"/dev/zero\"\nint main(void) { return 0; }\n");
        (code, output, error) = Run("check", including);
        output += error;
        Assert.Equal(2, code);
        Assert.Contains("inc.c:1:10: error: cannot read '/dev/zero'", output);

        var huge = Path.Combine(dir.FullName, "huge.c");
        File.WriteAllText(huge, new string(' ', 9 << 20));
        (code, output, error) = Run("check", huge);
        output += error;
        Assert.Equal(2, code);
        Assert.Contains("more than the 8 MiB a model file may have", output);
    }

    [Fact]
    public void RunawayRecursionIsAStackOverflowWithAShortBacktrace()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var model = Path.Combine(dir.FullName, "rec.c");
        File.WriteAllText(model, "static int f(int n) { return f(n + 1); }\nint main(void) { return f(0); }\n");
        var (code, output, _) = Run("check", model, "--trace-out", Path.Combine(dir.FullName, "rec.replay.json"));
        Assert.Equal(1, code);
        Assert.Contains("verdict: bug (bug-on: BUG: TASK stack guard page was hit (main in f))", output);
        Assert.True(output.Split('\n').Length < 120, "the backtrace keeps only the innermost frames");
    }

    [Fact]
    public void ALassoIsRecordedAndReplayed()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var model = Path.Combine(dir.FullName, "spin.c");
        File.WriteAllText(model, "#include <lockstep/kernel.h>\nstatic int ready;\n"
            + "static int spinner(void *d) { while (!READ_ONCE(ready)) cpu_relax(); return 0; }\n"
            + "int main(void) { struct task_struct *t = kthread_run(spinner, NULL, \"spinner\"); kthread_stop(t); return 0; }\n");
        var replay = Path.Combine(dir.FullName, "spin.replay.json");
        var (code, output, _) = Run("check", model, "--trace-out", replay);
        Assert.Equal(1, code);
        Assert.Contains("verdict: bug (non-progress: spinner loops forever at spinner", output);
        Assert.Contains("\"loopFrom\":", File.ReadAllText(replay));
        var (replayCode, replayOutput, _) = Run("replay", replay);
        Assert.Equal(1, replayCode);
        Assert.Contains("replay: reproduced the recorded bug (non-progress in spinner() on thread spinner)", replayOutput);
    }

    [Fact]
    public void DefinesWithCompilerSpellingAreAccepted()
    {
        var (code, output, _) = Run("check", Example("scalable_counters.c"), "-DNTHREADS=2", "-D", "STEPS=1");
        Assert.Equal(0, code);
        Assert.Contains("verdict: ok", output);
    }

    [Fact]
    public void BoundHitExitsThreeAndSaysIncomplete()
    {
        var (code, output, _) = Run("check", Example("counter_locked.c"), "--max-states", "3");
        Assert.Equal(3, code);
        Assert.Contains("verdict: incomplete", output);
    }

    [Fact]
    public void MissingFileIsAUsageError()
    {
        var (code, _, err) = Run("check", "no/such/model.c");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err);
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var (code, _, err) = Run("check", Example("counter_locked.c"), "--frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("--frobnicate", err);
    }

    [Fact]
    public void BadOptionValueNamesTheOption()
    {
        var (code, _, err) = Run("check", Example("counter_locked.c"), "--search", "sideways");
        Assert.Equal(2, code);
        Assert.Contains("--search", err);
    }

    [Fact]
    public void ModelErrorIsReportedWithFileLineColumnAndExitTwo()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var model = Path.Combine(dir.FullName, "broken.c");
        File.WriteAllText(model, "int main(void)\n{\n\treturn undefined_thing;\n}\n");
        var (code, _, err) = Run("check", model);
        Assert.Equal(2, code);
        Assert.Contains("broken.c:3:", err);
        Assert.Contains("error:", err);
    }

    [Fact]
    public void ListShowsPrimitivesAndConfigs()
    {
        var (code, output, _) = Run("list");
        Assert.Equal(0, code);
        Assert.Contains("synchronize_srcu", output);
        Assert.Contains("PREEMPT_RT", output);
        // Grouped by the header that declares each name, macros included, the headers' internals left out.
        var text = output.ReplaceLineEndings("\n");
        Assert.Contains("  kfree\n", Section(text, "<linux/slab.h>:"));
        Assert.Contains("  schedule\n", Section(text, "<linux/sched.h>:"));
        Assert.Contains("  spin_lock_irqsave (macro)\n", Section(text, "<linux/spinlock.h>:"));
        Assert.Contains("  kref_get_unless_zero\n", Section(text, "<linux/kref.h>:"));
        Assert.DoesNotContain("__queue_work", output);
    }

    private static string Section(string list, string header)
    {
        var start = list.IndexOf(header, StringComparison.Ordinal);
        Assert.True(start >= 0, header);
        var next = list.IndexOf("\n<", start, StringComparison.Ordinal);
        return next < 0 ? list[start..] : list[start..(next + 1)];
    }

    /// <summary>docs/language.md's appendix is what `lockstep list --markdown` prints.</summary>
    [Fact]
    public void TheLanguageReferenceListsWhatListPrints()
    {
        var (code, output, _) = Run("list", "--markdown");
        Assert.Equal(0, code);
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "language.md")).ReplaceLineEndings("\n");
        const string begin = "<!-- lockstep list --markdown:begin -->\n", end = "<!-- lockstep list --markdown:end -->";
        var start = doc.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        Assert.Equal(output.ReplaceLineEndings("\n"), doc[start..doc.IndexOf(end, start, StringComparison.Ordinal)]);
    }

    /// <summary>Every primitive a model may call by its own name is declared in exactly one shipped header.</summary>
    [Fact]
    public void EveryPublicPrimitiveIsDeclaredByAHeader()
    {
        var declared = Lockstep.Checker.HeaderCatalog.Scan(Lockstep.Checker.ModelCompilation.StandardIncludeDirectory)
            .Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var primitives = new Lockstep.Kernel.KernelPrimitives(new Lockstep.Kernel.KernelConfig()).Names.Where(n => !n.StartsWith('_'));
        Assert.All(primitives, p => Assert.Contains(p, declared));
    }

    [Fact]
    public void ExplainDescribesEveryBugKindTheCheckerReports()
    {
        var (code, output, _) = Run("explain", "recursive-locking");
        Assert.Equal(0, code);
        Assert.Contains("WARNING: possible recursive locking detected", output);
        foreach (var kind in new[] { "deadlock", "circular-locking", "irq-inversion", "invalid-wait-context", "sleep-in-atomic",
                     "bad-unlock", "lock-reinit", "use-after-free", "assertion", "warn-on", "bug-on", "invariant", "livelock", "null-deref" })
            Assert.Equal(0, Run("explain", kind).Code);
        var (bad, _, err) = Run("explain", "frobnication");
        Assert.Equal(2, bad);
        Assert.Contains("unknown bug kind", err);
    }

    [Fact]
    public void SarifAndDotAreWrittenForABug()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-cli");
        var sarif = Path.Combine(dir.FullName, "r.sarif");
        var dot = Path.Combine(dir.FullName, "locks.dot");
        var (code, _, _) = Run("check", Example("abba_mutex.c"), "--sarif", sarif, "--dot", dot, "--trace-out", Path.Combine(dir.FullName, "r.replay.json"));
        Assert.Equal(1, code);
        var s = File.ReadAllText(sarif);
        Schemas.AssertValidSarif(s);
        Assert.Contains("\"version\": \"2.1.0\"", s);
        Assert.Contains("\"ruleId\": \"circular-locking\"", s);
        Assert.Contains("abba_mutex.c", s);
        var d = File.ReadAllText(dot);
        Assert.StartsWith("digraph lockdep {", d);
        Assert.Contains("reported at abba_mutex.c:23", d);
        Assert.Contains("label=\"lock_a\"", d);
        Assert.Contains("label=\"lock_b\"", d);
        Assert.Contains("->", d);
    }

    [Fact]
    public void VerboseShowsMainsSetupStepByStep()
    {
        var (_, brief, _) = Run("check", Example("abba_mutex.c"), "--trace-out", Path.Combine(Directory.CreateTempSubdirectory("lockstep-cli").FullName, "r.json"));
        var (_, verbose, _) = Run("check", Example("abba_mutex.c"), "--verbose", "--trace-out", Path.Combine(Directory.CreateTempSubdirectory("lockstep-cli").FullName, "r.json"));
        Assert.Contains("setup", brief);
        Assert.Contains("--verbose shows them", brief);
        Assert.DoesNotContain("--verbose shows them", verbose);
        Assert.Contains("kthread_run(ba, NULL, \"ba\");", verbose);
    }
}
