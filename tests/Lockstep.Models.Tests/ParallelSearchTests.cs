using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The parallel depth-first search (issue 10 item 4, <c>--workers 2</c>) must agree with the sequential one on the
/// verdict and on the set of bug kinds (collecting every bug) for every model in the repository: the models of
/// <see cref="StepMergingTests.RepositoryModels"/> with each of their switches, every lib/locking-selftest.c instance
/// and the findings' models. The parallel search does not look for fair cycles, so the sequential one runs without
/// that check too, and the parallel verdict must say so.
/// </summary>
public sealed class ParallelSearchTests
{
    private const long Bound = 200_000;

    public static TheoryData<string, string> RepositoryModels() => StepMergingTests.RepositoryModels();

    public static TheoryData<string, string, string> SelftestInstances() => StepMergingTests.SelftestInstances();

    [Theory, MemberData(nameof(RepositoryModels))]
    public void TwoWorkersAgreeOnRepositoryModel(string model, string defines)
    {
        var options = new CheckOptions { Defines = defines.Split(',', StringSplitOptions.RemoveEmptyEntries) };
        AssertAgree(ModelSource.FromFile(Path.Combine(ModelPaths.Root, model)), options);
    }

    [Theory, MemberData(nameof(SelftestInstances))]
    public void TwoWorkersAgreeOnSelftest(string template, string defines, string configs)
    {
        var options = new CheckOptions
        {
            Defines = defines.Split(',', StringSplitOptions.RemoveEmptyEntries),
            Configs = configs.Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
        AssertAgree(ModelSource.FromFile(Path.Combine(ModelPaths.Root, "models", "selftests", template)), options);
    }

    [Theory]
    [InlineData("itree_hlist_unwind.c", "")]
    [InlineData("itree_hlist_unwind.c", "MN_ITREE_FIXED")]
    [InlineData("itree_deferred_remove.c", "")]
    [InlineData("itree_deferred_remove.c", "MN_ITREE_SEQ_AFTER_DEFERRED")]
    public void TwoWorkersAgreeOnTheFindingsModels(string file, string variant)
    {
        var options = new CheckOptions
        {
            Defines = variant.Length > 0 ? [variant] : [],
            IncludeDirectories = [ModelPaths.Linux("include")],
        };
        AssertAgree(ModelSource.FromFile(ModelPaths.Linux(Path.Combine("findings", file))), options);
    }

    [Fact]
    public void TwoWorkersExhaustTheBenchProtocolWithItsOkVerdict()
    {
        var options = new CheckOptions
        {
            Defines = ["NR_VCPUS=2"],
            MaxAllocFailures = 0,
            Workers = 2,
            Coverage = false,
        };
        var result = ModelChecker.Check(ModelSource.FromFile(Path.Combine(ModelPaths.Root, "bench", "peers", "lockstep", "invalidate_fault_memslot.c")), options);

        Assert.Equal(Verdict.Ok, result.Verdict);
        Assert.StartsWith("parallel stateful depth-first, 2 workers", result.Search);
        Assert.Equal("--workers above 1", result.NonProgressNotChecked);
        // The sequential search stores 370,045 states (merging steps, the default); the parallel one expands a few more
        // states fully (its proviso looks at every worker's unfinished states), and how many depends on the interleaving
        // of the workers.
        Assert.True(result.Statistics.StepMerging);
        Assert.InRange(result.Statistics.States, 370_045, 370_045 * 11 / 10);
    }

    /// <summary>Checks the model with one worker and with two, collecting every bug and without the fair-cycle check;
    /// when the one-worker search covers its state space within the bound, both must give the same verdict and kinds.</summary>
    private static void AssertAgree(ModelSource source, CheckOptions options)
    {
        options = options with { StopAtFirstBug = false, MaxStates = Bound, ShortenCounterexamples = false, Coverage = false, NonProgress = false };
        var one = ModelChecker.Check(source, options);
        var two = ModelChecker.Check(source, options with { Workers = 2 });
        Assert.True(one.Verdict != Verdict.Error, TextReport.Render(one));
        if (one.Verdict == Verdict.Incomplete || one.Statistics.States >= Bound) return;
        Assert.True(two.Verdict == one.Verdict && Kinds(two).SequenceEqual(Kinds(one)),
            $"one worker: {one.Verdict} [{string.Join(", ", Kinds(one))}], two: {two.Verdict} [{string.Join(", ", Kinds(two))}]\n"
            + TextReport.Render(two));
    }

    private static string[] Kinds(CheckResult result) => [.. result.Bugs.Select(b => b.Kind).Distinct().Order(StringComparer.Ordinal)];
}
