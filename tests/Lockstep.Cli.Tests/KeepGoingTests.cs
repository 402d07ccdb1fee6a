using System.Text.Json;
using Lockstep.Cli;
using Lockstep.Testing;

namespace Lockstep.Cli.Tests;

/// <summary><c>--keep-going</c>: the search goes on after the first bug and reports every distinct one with its trace.</summary>
[Collection(WorkingDirectory.Collection)]
public sealed class KeepGoingTests
{
    // Two readers each assert on a flag main sets: two distinct bugs (kind, thread, place), each on its own interleaving.
    private const string TwoBugs = """
        #include <lockstep/kernel.h>
        static int x, y;
        static int reader_x(void *data) { assert(READ_ONCE(x) == 0); return 0; }
        static int reader_y(void *data) { assert(READ_ONCE(y) == 0); return 0; }
        int main(void)
        {
        	kthread_run(reader_x, NULL, "rx");
        	kthread_run(reader_y, NULL, "ry");
        	WRITE_ONCE(x, 1);
        	WRITE_ONCE(y, 1);
        	return 0;
        }
        """;

    private static (int Code, string Out, JsonElement Json, string Sarif) Run(params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-keep-going");
        var model = Path.Combine(dir.FullName, "two_bugs.c");
        File.WriteAllText(model, TwoBugs);
        var json = Path.Combine(dir.FullName, "result.json");
        var sarif = Path.Combine(dir.FullName, "result.sarif");
        var output = new StringWriter();
        var code = LockstepCommand.Run(["check", model, "--json", json, "--sarif", sarif, .. extra], output, new StringWriter());
        var text = File.ReadAllText(json);
        Schemas.AssertValidReport(text);
        return (code, output.ToString(), JsonDocument.Parse(text).RootElement.Clone(), File.ReadAllText(sarif));
    }

    [Fact]
    public void WithoutItTheFirstBugEndsTheSearch()
    {
        var (code, _, json, _) = Run();
        Assert.Equal(1, code);
        Assert.Equal(1, json.GetProperty("bugs").GetArrayLength());
    }

    [Fact]
    public void WithItEveryDistinctBugIsReportedWithItsOwnTrace()
    {
        var (code, output, json, sarif) = Run("--keep-going");
        Assert.Equal(1, code);
        var bugs = json.GetProperty("bugs").EnumerateArray().ToList();
        Assert.Equal(2, bugs.Count);
        Assert.All(bugs, b => Assert.Equal("assertion", b.GetProperty("kind").GetString()));
        Assert.Equal(["rx", "ry"], bugs.Select(b => b.GetProperty("thread").GetString() ?? "").Order().ToArray());
        Assert.Contains("reader_x: Assertion `READ_ONCE(x) == 0' failed.", output);
        Assert.Contains("reader_y: Assertion `READ_ONCE(y) == 0' failed.", output);
        Assert.Contains("2 distinct bugs (--keep-going)", output);
        Assert.True(json.GetProperty("keepGoing").GetBoolean());
        // The search went on to the end: what it reached is complete, not "so far".
        Assert.False(json.GetProperty("coverage").GetProperty("partial").GetBoolean());
        // Each trace ends with its own thread's failing step.
        foreach (var bug in bugs)
        {
            var trace = bug.GetProperty("trace").EnumerateArray().ToList();
            Assert.Equal(bug.GetProperty("thread").GetString(), trace[^1].GetProperty("thread").GetString());
        }
        Assert.Equal(2, sarif.Split("\"ruleId\"").Length - 1);
    }
}
