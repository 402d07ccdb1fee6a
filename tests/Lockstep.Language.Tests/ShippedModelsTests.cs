using Lockstep.Language.Lowering;
using Lockstep.Machine.Execution;

namespace Lockstep.Language.Tests;

/// <summary>Every model shipped in models/ (and each variant of the flagship) gets through the front end.</summary>
public class ShippedModelsTests
{
    /// <summary>Accepts every body-less function as a primitive: this checks the language, not the kernel catalog.</summary>
    private sealed class EveryNameIsAPrimitive : IIntrinsicCatalog
    {
        public bool IsIntrinsic(string name) => true;
    }

    private static string? ModelsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(candidate, "include", "lockstep", "kernel.h"))) return candidate;
        }
        return null;
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
        var root = ModelsDirectory();
        if (root is null) return;
        var files = Directory.GetFiles(Path.Combine(root, "examples"), "*.c", SearchOption.AllDirectories).ToList();
        var flagship = Path.Combine(root, "linux", "kvm_oom.c");
        if (File.Exists(flagship)) files.Add(flagship);
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
    public void FlagshipVariantsCompileUnderPreemptRt(string variant)
    {
        var root = ModelsDirectory();
        if (root is null || !File.Exists(Path.Combine(root, "linux", "kvm_oom.c"))) return;
        var result = CompileModel(root, Path.Combine(root, "linux", "kvm_oom.c"), [variant], ["PREEMPT_RT"]);
        Assert.True(result.Success, result.FormatDiagnostics());
    }
}
