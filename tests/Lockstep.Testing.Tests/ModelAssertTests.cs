using Lockstep.Checker;

namespace Lockstep.Testing.Tests;

/// <summary>The one-line assertions pass on the right expectation and fail, saying why, on any wrong one.</summary>
public sealed class ModelAssertTests
{
    private static string Example(string name) => RepositoryPaths.Example(name);

    [Fact]
    public void VerifiesPassesOnAVerifiedModel() =>
        Assert.Equal(Reports.Verdict.Ok, ModelAssert.Verifies(Example("counter_locked.c")).Verdict);

    [Fact]
    public void VerifiesFailsOnABugWithTheReport()
    {
        var e = Assert.Throws<ModelAssertException>(() => ModelAssert.Verifies(Example("counter_racy.c")));
        Assert.Contains("expected", e.Message);
        Assert.Contains("verdict: bug (assertion", e.Message);
        Assert.Contains("Interleaving (", e.Message);
    }

    [Fact]
    public void FindsPassesOnKindPlaceFunctionAndThread()
    {
        var bug = ModelAssert.Finds(Example("abba_mutex.c"), "circular-locking", at: "abba_mutex.c:23");
        Assert.Equal("circular-locking", bug.Kind);
        ModelAssert.Finds(Example("counter_racy.c"), "assertion", at: "examples/counter_racy.c:27", function: "main", thread: "main");
    }

    [Fact]
    public void FindsFailsOnTheWrongKindNamingTheActualOne()
    {
        var e = Assert.Throws<ModelAssertException>(() => ModelAssert.Finds(Example("counter_racy.c"), "deadlock"));
        Assert.Contains("but its bug's kind is assertion", e.Message);
    }

    [Fact]
    public void FindsFailsOnTheWrongPlace()
    {
        var e = Assert.Throws<ModelAssertException>(() => ModelAssert.Finds(Example("counter_racy.c"), "assertion", at: "counter_racy.c:24"));
        Assert.Contains("it is at", e.Message);
        Assert.Contains("counter_racy.c:25", e.Message);
    }

    [Fact]
    public void FindsFailsOnAVerifiedModel()
    {
        var e = Assert.Throws<ModelAssertException>(() => ModelAssert.Finds(Example("counter_locked.c"), "assertion"));
        Assert.Contains("verdict: ok", e.Message);
    }

    [Fact]
    public void TextModelsWorkToo()
    {
        const string racy = "#include <lockstep/kernel.h>\nint main(void)\n{\n\tassert(nondet_int(0, 1) == 0);\n\treturn 0;\n}\n";
        ModelAssert.FindsInText(racy, "assertion", at: "model.c:4");
        var e = Assert.Throws<ModelAssertException>(() => ModelAssert.FindsInText("int main(void) { return undefined; }", "assertion"));
        Assert.Contains("verdict: error", e.Message);
        ModelAssert.VerifiesText("#include <lockstep/kernel.h>\nint main(void)\n{\n\treturn 0;\n}\n", new CheckOptions());
    }
}
