using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>A model written inline in a test (the shipped kernel header included), checked exhaustively, and the
/// one way those tests assert its verdict.</summary>
internal static class InlineModels
{
    public static CheckResult Check(string body, params string[] configs) =>
        ModelChecker.CheckText("#include <lockstep/kernel.h>\n" + body, new CheckOptions { Configs = configs, MaxStates = 500_000 });

    public static void AssertOk(CheckResult r) => Assert.True(r.Verdict == Verdict.Ok, TextReport.Render(r));

    public static BugReport AssertBug(CheckResult r, string kind)
    {
        Assert.True(r.Verdict == Verdict.Bug, TextReport.Render(r));
        Assert.Equal(kind, r.FirstBug!.Kind);
        return r.FirstBug;
    }
}
