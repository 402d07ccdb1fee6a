using System.Text.Json;
using Lockstep.Testing;

namespace Lockstep.Reports.Tests;

/// <summary>SARIF against the official 2.1.0 schema, JSON and replay files against docs/schemas, for every verdict.</summary>
public sealed class SchemaConformanceTests
{
    private static readonly SourceLocation Where = new("model.c", 12, 5, "reader");

    private static CheckResult Bug() => new(Verdict.Bug,
        [new BugReport("use-after-free", "BUG: KASAN: slab-use-after-free in reader+0x0/0x0", "reader", Where,
            "BUG: KASAN: slab-use-after-free in reader+0x0/0x0\nRead of size 4 by task reader/1001 & <more>\n",
            [
                new TraceStep(1, 0, "main", "kthread_run", new SourceLocation("model.c", 20, 2, "main"), "kthread_run(reader, NULL, \"reader\");"),
                new TraceStep(2, 1, "reader", "load", Where, "return p->v;"),
                new TraceStep(3, 0, "main", "kfree", new SourceLocation("model.c", 22, 2, "main"), "kfree(p);"),
                new TraceStep(4, 1, "reader", "load", Where, "return p->v;"),
            ],
            [new ScheduleChoice(0, 0), new ScheduleChoice(1, 0)])],
        new CheckStatistics(42, 57, 9, 0.5, 84, 1 << 20, 1e-30), null, [])
    {
        Model = "model.c",
        Defines = ["X=1"],
        Configs = ["PREEMPT_RT"],
        BugKinds = [new BugKindDescription("use-after-free", "BUG: KASAN: slab-use-after-free in <func>", "Memory is used after kfree().", "Wait for readers.", false),
            new BugKindDescription("circular-locking", "WARNING: possible circular locking dependency detected", "ABBA.", "One order.", true)],
    };

    private static CheckResult Incomplete() => new(Verdict.Incomplete, [], new CheckStatistics(5, 4, 3, 0.1, 50, 0, 0),
        "the --max-states bound was reached; covered 5 states", []) { Model = "model.c" };

    private static CheckResult Error() => CheckResult.FromDiagnostics(["model.c:3:9: error: undeclared identifier 'x'"], "model.c");

    [Fact]
    public void SarifOfABugValidatesAndCarriesRulesFlowsAndFingerprints()
    {
        var sarif = SarifReport.Render(Bug(), 1, "/src");
        Schemas.AssertValidSarif(sarif);
        using var doc = JsonDocument.Parse(sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.Equal(2, rules.GetArrayLength());
        Assert.Equal("Memory is used after kfree().", rules[0].GetProperty("fullDescription").GetProperty("text").GetString());
        Assert.Contains("Wait for readers.", rules[0].GetProperty("help").GetProperty("text").GetString());
        Assert.Equal("file:///src/", run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString());
        var invocation = run.GetProperty("invocations")[0];
        Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Equal(1, invocation.GetProperty("exitCode").GetInt32());
        var result = run.GetProperty("results")[0];
        Assert.Equal(0, result.GetProperty("ruleIndex").GetInt32());
        Assert.Equal("SRCROOT", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var flows = result.GetProperty("codeFlows")[0].GetProperty("threadFlows");
        Assert.Equal(2, flows.GetArrayLength());
        Assert.Equal([1, 3], flows[0].GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("executionOrder").GetInt32()));
        Assert.Equal([2, 4], flows[1].GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("executionOrder").GetInt32()));
        Assert.Matches("^[0-9a-f]{32}$", result.GetProperty("partialFingerprints").GetProperty(SarifReport.FingerprintName).GetString());
    }

    /// <summary>The bug above with step merging: the reader's step 2 took a lock and ran the guarded load and the
    /// release inside it.</summary>
    private static CheckResult MergedBug()
    {
        var bug = Bug().Bugs[0];
        var merged = bug.Trace[1] with
        {
            Operation = "spin_lock",
            Source = "spin_lock(&l);",
            Merged =
            [
                new MergedStep("load", new SourceLocation("model.c", 13, 5, "reader"), "v = p->v;"),
                new MergedStep("spin_unlock", new SourceLocation("model.c", 14, 5, "reader"), "spin_unlock(&l);"),
            ],
        };
        return Bug() with { Bugs = [bug with { Trace = [bug.Trace[0], merged, bug.Trace[2], bug.Trace[3]] }] };
    }

    [Fact]
    public void EveryFormatShowsTheOperationsMergedIntoAStep()
    {
        var result = MergedBug();

        var json = JsonReport.Render(result);
        Schemas.AssertValidReport(json);
        using (var doc = JsonDocument.Parse(json))
        {
            var trace = doc.RootElement.GetProperty("bugs")[0].GetProperty("trace");
            Assert.False(trace[0].TryGetProperty("merged", out _));
            var merged = trace[1].GetProperty("merged");
            Assert.Equal(["load", "spin_unlock"], merged.EnumerateArray().Select(m => m.GetProperty("operation").GetString()));
            Assert.Equal("model.c:14", merged[1].GetProperty("location").GetString());
        }

        var sarif = SarifReport.Render(result, 1, "/src");
        Schemas.AssertValidSarif(sarif);
        using (var doc = JsonDocument.Parse(sarif))
        {
            var reader = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("codeFlows")[0].GetProperty("threadFlows")[1];
            // Step 2 and the two operations inside it share its place in the interleaving.
            Assert.Equal([2, 2, 2, 4], reader.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("executionOrder").GetInt32()));
            Assert.Equal(13, reader.GetProperty("locations")[1].GetProperty("location").GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        }

        var text = TextReport.Render(result);
        Assert.Contains("\"+\" marks an operation that ran inside the step above it", text);
        var lines = text.Split('\n');
        var step2 = Array.FindIndex(lines, l => l.Contains("spin_lock(&l);", StringComparison.Ordinal));
        Assert.Matches(@"^\s+2\s+reader\s+model\.c:12\s+spin_lock\s", lines[step2]);
        Assert.Matches(@"^\s+reader\s+model\.c:13\s+\+ load\s+v = p->v;$", lines[step2 + 1]);
        Assert.Matches(@"^\s+reader\s+model\.c:14\s+\+ spin_unlock\s+spin_unlock\(&l\);$", lines[step2 + 2]);
        Assert.Matches(@"^\s+3\s+main\s", lines[step2 + 3]);

        var html = HtmlReport.Render(result);
        Assert.Contains("<span class=\"merged\">model.c:13 <b>+ load</b> v = p-&gt;v;</span>", html);
    }

    [Fact]
    public void TheValidatorRejectsWhatLockstepOnceWrote()
    {
        // The issue's example: a location whose message is null. If this passed, the other tests would prove nothing.
        const string invalid = """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "lockstep"}},
              "results": [{"message": {"text": "t"}, "locations": [{"message": null}]}]}]}
            """;
        Assert.Throws<Xunit.Sdk.FailException>(() => Schemas.AssertValidSarif(invalid));
        Assert.Throws<Xunit.Sdk.FailException>(() => Schemas.AssertValidReport("{\"verdict\": \"maybe\"}"));
    }

    [Fact]
    public void TheFingerprintIgnoresTheLineAndTheTrace()
    {
        static string Fingerprint(CheckResult r)
        {
            using var doc = JsonDocument.Parse(SarifReport.Render(r, 1, "/src"));
            return doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("partialFingerprints").GetProperty(SarifReport.FingerprintName).GetString()!;
        }
        var original = Bug();
        var moved = original with { Bugs = [original.Bugs[0] with { Location = Where with { Line = 40 }, Trace = original.Bugs[0].Trace.Take(2).ToList() }] };
        var other = original with { Bugs = [original.Bugs[0] with { Location = Where with { Function = "writer" } }] };
        Assert.Equal(Fingerprint(original), Fingerprint(moved));
        Assert.NotEqual(Fingerprint(original), Fingerprint(other));
    }

    [Fact]
    public void SarifOfAnIncompleteRunSaysSoInANotification()
    {
        var sarif = SarifReport.Render(Incomplete(), 3, "/src");
        Schemas.AssertValidSarif(sarif);
        using var doc = JsonDocument.Parse(sarif);
        var invocation = doc.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Equal(3, invocation.GetProperty("exitCode").GetInt32());
        var note = invocation.GetProperty("toolExecutionNotifications")[0];
        Assert.Equal("warning", note.GetProperty("level").GetString());
        Assert.Contains("--max-states", note.GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void SarifOfAModelErrorCarriesTheDiagnostic()
    {
        var sarif = SarifReport.Render(Error(), 2, "/src");
        Schemas.AssertValidSarif(sarif);
        using var doc = JsonDocument.Parse(sarif);
        var invocation = doc.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Equal("model.c:3:9: error: undeclared identifier 'x'",
            invocation.GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void JsonOfEveryVerdictValidatesAgainstTheReportSchema()
    {
        foreach (var result in new[] { Bug(), Incomplete(), Error() })
            Schemas.AssertValidReport(JsonReport.Render(result));
    }

    [Fact]
    public void JsonEscapesOnlyWhatJsonRequires()
    {
        var json = JsonReport.Render(Bug() with { Bugs = [Bug().Bugs[0] with { Title = "a+b & c > d < e 'f'" }] });
        Assert.Contains("\"title\": \"a+b & c > d < e 'f'\"", json);
        Assert.DoesNotContain("\\u00", json);
        Assert.Contains("\"source\": \"kthread_run(reader, NULL, \\\"reader\\\");\"", json);
    }

    [Fact]
    public void AReplayFileValidatesAgainstTheReplaySchema()
    {
        var hash = new string('a', 64);
        var replay = new ReplayFile("1.0.0", new ReplayInput("model.c", hash), [new ReplayInput("<lockstep>/lockstep/kernel.h", hash)],
            ["X=1"], ["PREEMPT_RT"], ["include"], "dfs", null,
            new ReplayBug("use-after-free", "t", "reader", "reader", new ReplayLocation("model.c", 12, 5)),
            [new ScheduleChoice(0, 0), new ScheduleChoice(1, 2)]);
        Schemas.AssertValidReplay(replay.ToJson());
    }
}
