using static Lockstep.Cli.Tests.CliRunner;

namespace Lockstep.Cli.Tests;

/// <summary>
/// <c>lockstep matrix --groups</c>: the actor groups a model declares (lockstep-group lines) are listed, and a cell
/// over groups reports the worst verdict (bug, then incomplete, then ok) with the group that showed it.
/// </summary>
public sealed class MatrixGroupTests
{
    /// <summary>Thread a takes two mutexes in one order; thread b (group "pair") in the other: an ABBA lockdep report.
    /// Group "spin" adds three writers whose interleavings exceed a small state bound.</summary>
    private static string Model()
    {
        var path = Path.Combine(TempDir(), "groups.c");
        File.WriteAllText(path, """
            /* lockstep-group: alone quick WITH_B=0 WITH_LOOP=0
             * lockstep-group: pair WITH_B=1 WITH_LOOP=0
             * lockstep-group: spin WITH_B=0 WITH_LOOP=1 */
            #include <lockstep/kernel.h>
            static DEFINE_MUTEX(x);
            static DEFINE_MUTEX(y);
            static int counter;
            static int ab(void *d) { mutex_lock(&x); mutex_lock(&y); mutex_unlock(&y); mutex_unlock(&x); return 0; }
            static int ba(void *d) { mutex_lock(&y); mutex_lock(&x); mutex_unlock(&x); mutex_unlock(&y); return 0; }
            static int looper(void *d) { int i; for (i = 0; i < 40; i++) WRITE_ONCE(counter, i); return 0; }
            int main(void)
            {
                kthread_run(ab, NULL, "a");
            #if WITH_B
                kthread_run(ba, NULL, "b");
            #endif
            #if WITH_LOOP
                kthread_run(looper, NULL, "l1");
                kthread_run(looper, NULL, "l2");
                kthread_run(looper, NULL, "l3");
            #endif
                return 0;
            }
            """);
        return path;
    }

    [Fact]
    public void ListGroupsPrintsTheDeclaredGroups()
    {
        var (code, output, _) = Run("matrix", Model(), "--list-groups");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("alone", lines[0]);
        Assert.Contains("quick -D WITH_B=0 -D WITH_LOOP=0", lines[0]);
        Assert.StartsWith("spin", lines[2]);
    }

    [Fact]
    public void TheSeedModelDeclaresTheOomGroupsWithEveryPairOfOtherActors()
    {
        var (code, output, _) = Run("matrix", Path.Combine(Lockstep.Testing.RepositoryPaths.Root, "models", "linux", "kvm_oom.c"), "--list-groups");
        Assert.Equal(0, code);
        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(17, names.Count); // alone, 5 singles, 10 pairs, all
        Assert.Contains("oom+vcpu+oomd", names);
        Assert.Contains("oom+madvise+memslot", names);
        Assert.Equal("oom", names[0]);
    }

    [Fact]
    public void ACellShowsTheWorstVerdictAndItsGroup()
    {
        var (code, output, err) = Run("matrix", Model(), "--variants", "BASE", "--groups", "all", "--max-states", "200");
        Assert.Equal(0, code);
        Assert.Contains("| variant | config | verdict | group |", output);
        Assert.Contains("| BASE | default | bug | pair |", output);
        // After the bug the remaining group is not run.
        Assert.Contains("× alone ... ok", err);
        Assert.Contains("× pair ... bug", err);
        Assert.DoesNotContain("× spin", err);
    }

    [Fact]
    public void AnIncompleteGroupIsNamedWithHowManyWereExhausted()
    {
        var (code, output, _) = Run("matrix", Model(), "--variants", "BASE", "--groups", "alone,spin", "--max-states", "200");
        Assert.Equal(0, code);
        Assert.Contains("| BASE | default | incomplete | spin (1/2 exhausted) |", output);
        var quick = Run("matrix", Model(), "--variants", "BASE", "--groups", "quick");
        Assert.Contains("| BASE | default | ok | alone |", quick.Out);
    }

    [Fact]
    public void AnUnknownGroupIsAUsageError()
    {
        var (code, _, err) = Run("matrix", Model(), "--variants", "BASE", "--groups", "pear");
        Assert.Equal(2, code);
        Assert.Contains("--groups: no lockstep-group 'pear' (declared: alone, pair, spin)", err);
    }
}
