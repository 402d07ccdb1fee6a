using System.Globalization;
using System.Text.RegularExpressions;

namespace Lockstep.Cli.Tests;

/// <summary>--max-memory bounds the whole process: a model that allocates without end stops incomplete, and the peak
/// the statistics report (the process's own) stays under the bound. Run as a process of its own, so the test host's
/// memory does not count.</summary>
public sealed partial class MemoryBoundTests
{
    [GeneratedRegex(@"peak memory: ([\d.]+) MiB")]
    private static partial Regex Peak();

    [Fact]
    public void AModelThatAllocatesForeverStopsIncompleteUnderTheBound()
    {
        var dir = CliRunner.TempDir();
        var model = Path.Combine(dir, "leak.c");
        File.WriteAllText(model, """
            #include <lockstep/kernel.h>
            struct node { struct node *next; long pad[32]; };
            static struct node *head;
            static int leaker(void *d)
            {
                for (;;) {
                    struct node *n = kzalloc(sizeof(*n), GFP_KERNEL);
                    n->next = READ_ONCE(head);
                    WRITE_ONCE(head, n);
                }
                return 0;
            }
            int main(void) { kthread_run(leaker, NULL, "leaker"); return 0; }
            """);
        // --max-objects raised far past what fits, so the process bound is what stops it.
        using var lockstep = CliRunner.Start("check", model, "--max-memory", "256", "--max-objects", "1000000", "--trace-out", Path.Combine(dir, "leak.replay.json"));
        var output = lockstep.StandardOutput.ReadToEnd();
        Assert.True(lockstep.WaitForExit(120_000));
        Assert.Equal(3, lockstep.ExitCode);
        Assert.Contains("verdict: incomplete — the memory budget was reached", output);
        var peak = double.Parse(Peak().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(peak, 1, 256);
    }

    [Fact]
    public void AModelThatAllocatesForeverStopsAtTheObjectBoundNamingTheThreadAndSite()
    {
        var (code, output, _) = CliRunner.RunText(Leak, "check", "{model}");
        Assert.Equal(3, code);
        Assert.Contains("verdict: incomplete — thread 'leaker' took a state past 1024 memory objects at ", output);
        Assert.Contains("model.c:6 (--max-objects)", output);
        Assert.Contains("coverage (partial", output);
    }

    [Theory]
    [InlineData("dfs")]
    [InlineData("bfs")]
    [InlineData("random")]
    public void TheObjectBoundIsAnOptionEverySearchKeeps(string search)
    {
        var (code, output, _) = CliRunner.RunText(Leak, "check", "{model}", "--max-objects", "10", "--search", search, "--schedules", "3");
        Assert.Equal(3, code);
        Assert.Contains("verdict: incomplete — thread 'leaker' took a state past 10 memory objects", output);
    }

    [Fact]
    public void AModelThatStartsThreadsForeverStopsAtTheThreadBound()
    {
        var (code, output, _) = CliRunner.RunText("""
            #include <lockstep/kernel.h>
            static int bomb(void *d)
            {
                for (;;)
                    kthread_run(bomb, NULL, "bomb");
                return 0;
            }
            int main(void) { kthread_run(bomb, NULL, "bomb"); return 0; }
            """, "check", "{model}", "--max-threads", "4");
        Assert.Equal(3, code);
        Assert.Contains("verdict: incomplete — thread 'bomb' started thread number 5 at ", output);
        Assert.Contains("past --max-threads 4", output);
    }

    [Theory]
    [InlineData("--max-threads", "0")]
    [InlineData("--max-threads", "5000")]
    [InlineData("--max-objects", "0")]
    public void LimitsOutOfRangeAreUsageErrors(string option, string value)
    {
        var (code, _, err) = CliRunner.RunText(Leak, "check", "{model}", option, value);
        Assert.Equal(2, code);
        Assert.Contains(option + " must be between", err);
    }

    private const string Leak = """
        #include <lockstep/kernel.h>
        static void *head;
        static int leaker(void *d)
        {
            for (;;) {
                void **n = kzalloc(sizeof(void *), GFP_KERNEL);
                *n = READ_ONCE(head);
                WRITE_ONCE(head, n);
            }
            return 0;
        }
        int main(void) { kthread_run(leaker, NULL, "leaker"); return 0; }
        """;
}
