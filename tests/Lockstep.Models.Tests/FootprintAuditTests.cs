using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>
/// The footprint audit over every model in the repository (issue 15): each is checked with the audit on, which
/// throws <see cref="Machine.Execution.FootprintViolationException"/> naming the primitive at the first access
/// outside a declared footprint. The seed model runs every variant under the default and the PREEMPT_RT config,
/// bounded (the audit compares the whole state around every primitive); the small models run to the end.
/// </summary>
public sealed class FootprintAuditTests
{
    private const long SeedBound = 4_000;

    private static List<string> SmallModelFiles() =>
        new[] { "contracts", "examples", "regressions" }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(ModelPaths.Root, "models", dir), "*.c", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(ModelPaths.Root, file))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> SmallModels() => new(SmallModelFiles());

    public static TheoryData<string, string> SeedVariants()
    {
        var data = new TheoryData<string, string>();
        foreach (var variant in new[] { "", "RAW_MN_INVALIDATE_LOCK", "ATOMIC_MN_COUNT", "DEFER_NONBLOCK_INVALIDATE", "OOM_ENTER_SYNC_UNREGISTER",
                     "OOM_ENTER_DEFERRED_UNREGISTER", "OOM_ENTER_FLAG_EARLY_RETURN", "NONBLOCK_EAGAIN", "AFTER_OOM_UNREGISTER", "OOM_REAP_MAY_WAIT" })
            foreach (var config in new[] { "", "PREEMPT_RT" })
                data.Add(variant, config);
        return data;
    }

    [Fact]
    public void EveryModelDirectoryIsCovered()
    {
        // A new directory of models must be added to the audit (models/include and the seed's kernel tree are not models).
        var dirs = Directory.GetDirectories(Path.Combine(ModelPaths.Root, "models")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["contracts", "examples", "include", "linux", "regressions"], dirs);
        Assert.True(SmallModelFiles().Count >= 50);
    }

    [Theory, MemberData(nameof(SmallModels))]
    public void SmallModelStaysWithinItsFootprints(string model)
    {
        foreach (var defines in DefineSets(model))
        {
            var result = ModelChecker.CheckFile(Path.Combine(ModelPaths.Root, model), new CheckOptions { Defines = defines, AuditFootprints = true, MaxStates = 200_000 });
            Assert.True(result.Verdict is Verdict.Ok or Verdict.Bug, TextReport.Render(result));
            Assert.NotEmpty(result.AuditedPrimitives);
        }
    }

    [Theory, MemberData(nameof(SeedVariants))]
    public void SeedModelVariantStaysWithinItsFootprints(string variant, string config)
    {
        var result = ModelChecker.CheckFile(ModelPaths.Linux("kvm_oom.c"), new CheckOptions
        {
            Defines = variant.Length > 0 ? [variant] : [],
            Configs = config.Length > 0 ? [config] : [],
            IncludeDirectories = [ModelPaths.Linux("include")],
            AuditFootprints = true,
            MaxStates = SeedBound,
        });
        Assert.True(result.Verdict is not Verdict.Error, TextReport.Render(result));
        // The audit saw the primitives the seed is made of.
        foreach (var name in new[] { "mutex_lock", "spin_lock", "srcu_read_lock", "__kthread_create" })
            Assert.True(result.AuditedPrimitives.ContainsKey(name), $"{name} not audited: {string.Join(", ", result.AuditedPrimitives.Keys)}");
    }

    [Fact]
    public void SeedModelOomActorsStayWithinTheirFootprintsExhaustively()
    {
        var result = ModelChecker.CheckFile(ModelPaths.Linux("kvm_oom.c"), new CheckOptions
        {
            Defines = ["WITH_VCPU=0", "WITH_EXIT=0"],
            IncludeDirectories = [ModelPaths.Linux("include")],
            AuditFootprints = true,
        });
        Assert.True(result.Verdict == Verdict.Ok, TextReport.Render(result));
        Assert.True(result.AuditedPrimitives.Count >= 10, string.Join(", ", result.AuditedPrimitives.Keys));
    }

    /// <summary>The -D switches a model's own #ifdefs offer, one run each (and one with none).</summary>
    private static IEnumerable<string[]> DefineSets(string model)
    {
        yield return [];
        foreach (var line in System.IO.File.ReadLines(Path.Combine(ModelPaths.Root, model)))
        {
            var t = line.Trim();
            if (t.StartsWith("#ifdef ", StringComparison.Ordinal) || t.StartsWith("#ifndef ", StringComparison.Ordinal))
                yield return [t[(t.IndexOf(' ') + 1)..].Trim()];
        }
    }
}
