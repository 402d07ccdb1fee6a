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
        using var lockstep = CliRunner.Start("check", model, "--max-memory", "256", "--trace-out", Path.Combine(dir, "leak.replay.json"));
        var output = lockstep.StandardOutput.ReadToEnd();
        Assert.True(lockstep.WaitForExit(120_000));
        Assert.Equal(3, lockstep.ExitCode);
        Assert.Contains("verdict: incomplete — the memory budget was reached", output);
        var peak = double.Parse(Peak().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(peak, 1, 256);
    }
}
