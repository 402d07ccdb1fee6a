using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>Every verdict carries what the search reached: lines, branch sides and checks, in the text, JSON and lcov.</summary>
public sealed class CoverageTests
{
    /// <summary>A flag nobody ever sets: the reader's branch on it is never taken, so its body is unreachable.</summary>
    private const string UnreachableBranch = """
        #include <lockstep/kernel.h>
        static DEFINE_SPINLOCK(lock);
        static int ready, value;
        static int reader(void *d)
        {
            spin_lock(&lock);
            if (READ_ONCE(ready)) {
                value = 2;
                WARN_ON(value != 2);
            }
            spin_unlock(&lock);
            return 0;
        }
        static int writer(void *d)
        {
            spin_lock(&lock);
            value = 1;
            spin_unlock(&lock);
            return 0;
        }
        int main(void)
        {
            kthread_run(reader, NULL, "reader");
            kthread_run(writer, NULL, "writer");
            return 0;
        }
        """;

    private static CheckResult Check(string text, CheckOptions? options = null) =>
        ModelChecker.CheckText(text, options ?? new CheckOptions(), "cov.c");

    [Fact]
    public void AnOkNamesExactlyTheBranchAndLinesItNeverReached()
    {
        var result = Check(UnreachableBranch);
        Assert.Equal(Verdict.Ok, result.Verdict);
        var coverage = result.Coverage;
        Assert.False(coverage.Partial);
        var model = Assert.Single(coverage.Files, f => !f.Shipped);
        Assert.Equal("cov.c", model.File);
        // Lines 8 and 9 (the body of the if) and nothing else of the model.
        Assert.Equal([8, 9], model.Lines.Where(l => !l.Reached).Select(l => l.Line));
        Assert.All(model.Lines.Where(l => !l.Reached), l => Assert.Equal("reader", l.Function));
        var branch = Assert.Single(model.Branches);
        Assert.Equal((7, true, false, true), (branch.Line, branch.Reached, branch.TrueSide, branch.FalseSide));
        // The WARN_ON was never reached, so it could not have fired: the report says so.
        var check = Assert.Single(coverage.Checks);
        Assert.Equal((9, false), (check.Line, check.Reached));

        var text = TextReport.Render(result);
        Assert.Contains("unreached in reader (cov.c):\n  cov.c:8  value = 2;\n  cov.c:9  WARN_ON(value != 2);\n", text);
        Assert.Contains("branch never true in reader: cov.c:7\n", text);
        Assert.Contains("never reached: WARN_ON(value != 2); in reader (cov.c:9)", text);
    }

    [Fact]
    public void TheLcovTracefileMarksTheUnreachedLinesAndBranchSide()
    {
        var lcov = LcovReport.Render(Check(UnreachableBranch).Coverage).Split('\n');
        Assert.Contains("SF:cov.c", lcov);
        Assert.Contains("DA:8,0", lcov);
        Assert.Contains("DA:9,0", lcov);
        Assert.Contains("DA:7,1", lcov);
        Assert.Contains("DA:17,1", lcov);
        Assert.Contains("BRDA:7,0,0,0", lcov);
        Assert.Contains("BRDA:7,0,1,1", lcov);
        Assert.Equal(lcov.Count(l => l == "TN:"), lcov.Count(l => l == "end_of_record"));
    }

    [Fact]
    public void WithTheStoreEveryLineIsReached()
    {
        var result = Check(UnreachableBranch.Replace("value = 1;", "value = 1; WRITE_ONCE(ready, 1);"));
        Assert.Equal(Verdict.Ok, result.Verdict);
        var model = Assert.Single(result.Coverage.Files, f => !f.Shipped);
        Assert.All(model.Lines, l => Assert.True(l.Reached, $"line {l.Line} unreached"));
        Assert.All(model.Branches, b => Assert.True(b.TrueSide && b.FalseSide));
        Assert.True(Assert.Single(result.Coverage.Checks).Reached);
        Assert.Contains("checks: 1/1 reached, none fired", TextReport.Render(result));
    }

    [Fact]
    public void CoverageAfterABugIsPartial()
    {
        var result = Check(UnreachableBranch.Replace("value = 1;", "value = 3; WRITE_ONCE(ready, 1);").Replace("value = 2;", ""));
        Assert.Equal(Verdict.Bug, result.Verdict);
        Assert.True(result.Coverage.Partial);
        Assert.Contains("coverage (partial: the search stopped early)", TextReport.Render(result));
    }

    [Fact]
    public void TheJsonReportCarriesCoverage()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(JsonReport.Render(Check(UnreachableBranch)));
        var coverage = doc.RootElement.GetProperty("coverage");
        Assert.False(coverage.GetProperty("partial").GetBoolean());
        var file = coverage.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == "cov.c");
        Assert.Equal([8, 9], file.GetProperty("unreachedLines").EnumerateArray().Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal(2, coverage.GetProperty("model").GetProperty("lines").GetInt32() - coverage.GetProperty("model").GetProperty("linesReached").GetInt32());
    }

    [Fact]
    public void SarifCarriesCoverageAsARunPropertyAndHtmlAsASection()
    {
        var result = Check(UnreachableBranch);
        using var sarif = System.Text.Json.JsonDocument.Parse(SarifReport.Render(result, 0));
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal(0, run.GetProperty("results").GetArrayLength()); // coverage is no finding
        var coverage = run.GetProperty("properties").GetProperty("coverage");
        var file = coverage.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == "cov.c");
        Assert.Equal([8, 9], file.GetProperty("unreachedLines").EnumerateArray().Select(l => l.GetProperty("line").GetInt32()));

        var html = HtmlReport.Render(result);
        Assert.Contains("<h2 id=\"coverage\">Coverage</h2>", html);
        Assert.Contains("unreached in reader (cov.c):", html);
    }

    [Fact]
    public void CoverageCanBeSwitchedOff()
    {
        var result = Check(UnreachableBranch, new CheckOptions { Coverage = false });
        Assert.Equal(Verdict.Ok, result.Verdict);
        Assert.True(result.Coverage.IsEmpty);
        Assert.DoesNotContain("coverage", TextReport.Render(result));
    }

    [Fact]
    public void AnInvariantIsACheckOfItsOwn()
    {
        var result = Check(UnreachableBranch.Replace("int main(void)", "LOCKSTEP_INVARIANT(value_small) { return value < 3; }\nint main(void)"));
        Assert.Equal(Verdict.Ok, result.Verdict);
        Assert.Contains(result.Coverage.Checks, c => c.Check == "invariant 'value_small'" && c.Reached);
    }
}
