using Lockstep.Cli;
using Lockstep.Testing;

namespace Lockstep.Cli.Tests;

/// <summary>Step merging end to end (docs/step-merging.md; on by default, <c>--no-merge-steps</c> turns it off): the
/// statistics, the JSON report, and a replay file that records the merging (and the classes that fell back) so that
/// <c>lockstep replay</c> reproduces the bug.</summary>
[Collection(WorkingDirectory.Collection)]
public sealed class StepMergingCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = LockstepCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A write through an alias without the lock the other thread holds: the class falls back.</summary>
    private const string Alias = """
        #include <lockstep/kernel.h>
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
        	assert(counter <= 1);
        	return 0;
        }
        """;

    [Fact]
    public void AMergedBugReplaysWithItsFallbacks()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-merge");
        var model = Path.Combine(dir.FullName, "alias.c");
        File.WriteAllText(model, Alias);
        var json = Path.Combine(dir.FullName, "result.json");
        var (code, output, _) = Run("check", model, "--merge-steps", "--json", json);
        Assert.Equal(1, code);
        Assert.Contains("verdict: bug (assertion", output);
        Assert.Contains("not merged, the discipline broke: global counter: read without holding its guard", output);
        var report = File.ReadAllText(json);
        Schemas.AssertValidReport(report);
        Assert.Contains("\"stepMerging\": true", report);
        var replay = Path.ChangeExtension(json, ".replay.json");
        var recorded = File.ReadAllText(replay);
        Schemas.AssertValidReplay(recorded);
        Assert.Contains("\"stepMerging\": true", recorded);
        Assert.Contains("\"global counter\"", recorded);
        var (replayCode, replayOut, replayErr) = Run("replay", replay);
        Assert.True(replayCode == 1, replayOut + replayErr);
        Assert.Contains("replay: reproduced the recorded bug (assertion", replayOut);
        Assert.Contains("global counter: left out as recorded", replayOut);
    }

    /// <summary>The default search merges and says so; --no-merge-steps searches step by step (more states, the same
    /// verdict) and says nothing of merging; both switches together are a usage error.</summary>
    [Fact]
    public void MergingIsTheDefaultAndNoMergeStepsTurnsItOff()
    {
        var model = Path.Combine(RepositoryPaths.Root, "bench", "peers", "lockstep", "invalidate_fault_memslot.c");
        var (code, merged, _) = Run("check", model, "--max-alloc-failures", "0", "--no-coverage");
        Assert.Equal(0, code);
        Assert.Contains("step merging", merged);
        Assert.Contains("states: 12953,", merged);
        var (offCode, unmerged, _) = Run("check", model, "--max-alloc-failures", "0", "--no-coverage", "--no-merge-steps");
        Assert.Equal(0, offCode);
        Assert.DoesNotContain("step merging", unmerged);
        Assert.DoesNotContain("merged operations", unmerged);
        Assert.Contains("states: 22733,", unmerged);
        var (bothCode, _, error) = Run("check", model, "--merge-steps", "--no-merge-steps");
        Assert.Equal(2, bothCode);
        Assert.Contains("--merge-steps and --no-merge-steps", error);
    }

    /// <summary>The bench protocol with allocation failures (get_page() of a failed alloc_page()), found by merged steps:
    /// its schedule means merged transitions, and the replay merges too.</summary>
    [Fact]
    public void AMergedScheduleReplaysMerged()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-merge");
        var json = Path.Combine(dir.FullName, "result.json");
        var model = Path.Combine(RepositoryPaths.Root, "bench", "peers", "lockstep", "invalidate_fault_memslot.c");
        var (code, output, _) = Run("check", model, "--json", json);
        Assert.Equal(1, code);
        Assert.Contains("merged operations: ", output);
        var replay = Path.ChangeExtension(json, ".replay.json");
        var (replayCode, replayOut, replayErr) = Run("replay", replay);
        Assert.True(replayCode == 1, replayOut + replayErr);
        Assert.Contains("replay: reproduced the recorded bug", replayOut);
    }
}
