using Lockstep.Language.Lowering;
using Lockstep.Machine.Execution;
using Lockstep.Testing;

namespace Lockstep.Language.Tests;

/// <summary>Every model shipped in models/ (and each variant of the flagship) gets through the front end.</summary>
public class ShippedModelsTests
{
    /// <summary>Accepts every body-less function as a primitive: this checks the language, not the kernel catalog.</summary>
    private sealed class EveryNameIsAPrimitive : IIntrinsicCatalog
    {
        public bool IsIntrinsic(string name) => true;
    }

    private static CompilationResult CompileModel(string root, string file, string[] defines, string[] configs) =>
        ModelCompiler.CompileFile(file, new CompilerOptions
        {
            IncludeDirectories = [Path.Combine(root, "include"), Path.Combine(root, "linux", "include"), Path.Combine(root, "linux")],
            Defines = defines,
            Configs = configs,
        }, new EveryNameIsAPrimitive());

    [Fact]
    public void ExamplesAndTheFlagshipModelCompile()
    {
        var root = RepositoryPaths.Models;
        // Every model file in the repository (headers and the kernel-tree sources the flagship includes aside).
        var files = Directory.GetFiles(root, "*.c", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(root, "linux") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Append(RepositoryPaths.Linux("kvm_oom.c"))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("abba_mutex.c", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var result = CompileModel(root, file, [], []);
            Assert.True(result.Success, $"{file}\n{result.FormatDiagnostics()}");
        }
    }

    [Theory]
    [InlineData("RAW_MN_INVALIDATE_LOCK")]
    [InlineData("ATOMIC_MN_COUNT")]
    [InlineData("DEFER_NONBLOCK_INVALIDATE")]
    [InlineData("OOM_ENTER_SYNC_UNREGISTER")]
    [InlineData("OOM_ENTER_DEFERRED_UNREGISTER")]
    [InlineData("OOM_ENTER_FLAG_EARLY_RETURN")]
    [InlineData("NONBLOCK_EAGAIN")]
    [InlineData("AFTER_OOM_UNREGISTER")]
    [InlineData("OOM_REAP_MAY_WAIT")]
    public void FlagshipVariantsCompileUnderPreemptRt(string variant)
    {
        var root = RepositoryPaths.Models;
        var result = CompileModel(root, Path.Combine(root, "linux", "kvm_oom.c"), [variant], ["PREEMPT_RT"]);
        Assert.True(result.Success, result.FormatDiagnostics());
    }
}
