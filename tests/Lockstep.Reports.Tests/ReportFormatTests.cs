using System.Text.Json;
using Lockstep.Reports;

namespace Lockstep.Reports.Tests;

/// <summary>The report formats: what the README specifies for JSON, the text layout, and replay files.</summary>
public sealed class ReportFormatTests
{
    private static CheckResult SampleBug()
    {
        var location = new SourceLocation("model.c", 12, 5, "reader");
        var trace = new List<TraceStep>
        {
            new(1, 0, "main", "kthread_run", new SourceLocation("model.c", 20, 2, "main"), "kthread_run(reader, NULL, \"reader\");"),
            new(2, 1, "reader", "load", location, "return p->v;"),
        };
        var bug = new BugReport("use-after-free", "BUG: KASAN: slab-use-after-free in reader", "reader", location,
            "==================================================================\nBUG: KASAN: slab-use-after-free in reader+0x0/0x0\n", trace,
            [new ScheduleChoice(0, 0), new ScheduleChoice(1, 0)]);
        return new CheckResult(Verdict.Bug, [bug], new CheckStatistics(42, 57, 9, 0.5, 84, 1 << 20, 1e-30), null, [])
        {
            Model = "model.c",
            Defines = ["X=1"],
            Configs = ["PREEMPT_RT"],
        };
    }

    [Fact]
    public void JsonHasTheDesignsShape()
    {
        using var doc = JsonDocument.Parse(JsonReport.Render(SampleBug()));
        var root = doc.RootElement;
        Assert.Equal("bug", root.GetProperty("verdict").GetString());
        var bug = root.GetProperty("bugs")[0];
        Assert.Equal("use-after-free", bug.GetProperty("kind").GetString());
        Assert.Equal("reader", bug.GetProperty("thread").GetString());
        Assert.Equal("model.c:12", bug.GetProperty("location").GetString());
        Assert.Equal(2, bug.GetProperty("trace").GetArrayLength());
        var stats = root.GetProperty("stats");
        Assert.Equal(42, stats.GetProperty("states").GetInt64());
        Assert.Equal(57, stats.GetProperty("transitions").GetInt64());
        Assert.Equal(0.5, stats.GetProperty("seconds").GetDouble());
        Assert.Equal(84, stats.GetProperty("statesPerSecond").GetDouble());
        Assert.Equal(1 << 20, stats.GetProperty("peakMemoryBytes").GetInt64());
    }

    [Fact]
    public void TextShowsTheSplatTheInterleavingAndTheVerdict()
    {
        var text = TextReport.Render(SampleBug(), verbose: true);
        Assert.StartsWith("==================================================================\nBUG: KASAN", text);
        Assert.Contains("Interleaving (2 steps):", text);
        Assert.Contains("reader  model.c:12", text);
        Assert.Contains("verdict: bug (use-after-free: BUG: KASAN: slab-use-after-free in reader)", text);
        Assert.Contains("states: 42, transitions: 57", text);
    }

    [Fact]
    public void IncompleteSaysWhatWasCovered()
    {
        var result = new CheckResult(Verdict.Incomplete, [], new CheckStatistics(5, 4, 3, 0.1, 50, 0, 0), "the --max-states bound was reached; covered 5 states", []);
        Assert.Contains("verdict: incomplete — the --max-states bound was reached; covered 5 states", TextReport.Render(result));
        Assert.Equal(3, VerdictExitCodes.For(Verdict.Incomplete));
        Assert.Equal(0, VerdictExitCodes.For(Verdict.Ok));
        Assert.Equal(1, VerdictExitCodes.For(Verdict.Bug));
        Assert.Equal(2, VerdictExitCodes.For(Verdict.Error));
    }

    [Fact]
    public void ReplayFileRoundTrips()
    {
        var replay = new ReplayFile("1.2.3", new ReplayInput("model.c", "ab"), [new ReplayInput("<lockstep>/lockstep/kernel.h", "cd")],
            ["X=1"], ["PREEMPT_RT"], ["inc"], "dfs", 7,
            new ReplayBug("deadlock", "t", "worker", "worker/1", new ReplayLocation("model.c", 3, 4)),
            [new ScheduleChoice(0, 0), new ScheduleChoice(2, 1 << 24)]);
        var back = ReplayFile.Parse(replay.ToJson());
        Assert.Equal(replay.Model, back.Model);
        Assert.Equal(replay.Headers, back.Headers);
        Assert.Equal(replay.Defines, back.Defines);
        Assert.Equal(replay.Configs, back.Configs);
        Assert.Equal(replay.IncludeDirectories, back.IncludeDirectories);
        Assert.Equal(replay.Bug, back.Bug);
        Assert.Equal(replay.Seed, back.Seed);
        Assert.Equal(replay.Schedule, back.Schedule);
    }

    [Theory]
    [InlineData("{}", "not a Lockstep replay file")]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"format\": \"lockstep-replay\"}", "version: missing")]
    [InlineData("{\"format\": \"lockstep-replay\", \"version\": 2, \"toolVersion\": \"1\", \"model\": {\"path\": \"m.c\"}}", "model.sha256: missing")]
    public void MalformedReplayFilesNameTheField(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => ReplayFile.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AMalformedStepNamesItsIndex()
    {
        var good = ReplayFile.Parse(new ReplayFile("1", new ReplayInput("m.c", "h"), [], [], [], [], "dfs", null,
            new ReplayBug("assertion", "t", "main", "main", null), [new ScheduleChoice(0, 0), new ScheduleChoice(1, 0)]).ToJson());
        var json = good.ToJson().Replace("[\n      1,\n      0\n    ]", "[\n      1,\n      \"x\"\n    ]", StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => ReplayFile.Parse(json));
        Assert.Equal("schedule[1][1]: expected an integer", e.Message);
    }

    [Fact]
    public void OutputFileReplacesARegularFileWholeAndLeavesNoTemporaryBehind()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-reports");
        var path = Path.Combine(dir.FullName, "out.json");
        OutputFile.WriteAllText(path, "one");
        OutputFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.FullName));
    }

    [Fact]
    public void OutputFileProblemsNameWhatIsWrong()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-reports").FullName;
        Assert.Null(OutputFile.Problem(Path.Combine(dir, "new.json")));
        Assert.Contains("is a directory", OutputFile.Problem(dir));
        Assert.Contains("does not exist", OutputFile.Problem(Path.Combine(dir, "missing", "x.json")));
        Assert.Null(OutputFile.Problem("/dev/null"));
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void HtmlPutsEachStepInItsThreadsColumnAndEscapesSource()
    {
        var html = HtmlReport.Render(SampleBug());
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<th>main</th><th>reader</th>", html);
        Assert.Contains("<tr class=\"last\"><td class=\"n\">2</td><td></td><td>", html);
        Assert.Contains("kthread_run(reader, NULL, &quot;reader&quot;);", html);
        Assert.Contains("return p-&gt;v;", html);
    }
}
