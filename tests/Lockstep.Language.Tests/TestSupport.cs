using Lockstep.Language.Diagnostics;
using Lockstep.Language.Lowering;
using Lockstep.Language.Text;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Tests;

/// <summary>Compiles model snippets and runs them single-threaded.</summary>
internal static class TestSupport
{
    /// <summary>A tiny header like the real ones: NULL, bool, u64.</summary>
    public const string Prelude = """
        #define NULL ((void *)0)
        typedef unsigned long long u64;
        typedef unsigned int u32;
        typedef unsigned char u8;

        """;

    public static CompilationResult Compile(string code, CompilerOptions? options = null, IIntrinsicCatalog? catalog = null, string path = "test.c") =>
        ModelCompiler.CompileText(code, path, options, catalog);

    public static IrProgram CompileOk(string code, CompilerOptions? options = null, IIntrinsicCatalog? catalog = null)
    {
        var result = Compile(code, options, catalog);
        Assert.True(result.Success, result.FormatDiagnostics());
        return result.Program!;
    }

    public static SingleThreadRun Run(string code, CompilerOptions? options = null)
    {
        var program = CompileOk(Prelude + code, options);
        var run = SingleThreadRunner.Run(program);
        Assert.True(run.Error is null, $"run failed: {run.Error}");
        return run;
    }

    /// <summary>Runs <c>main</c> and returns its result.</summary>
    public static long RunMain(string code, CompilerOptions? options = null) => Run(code, options).ReturnValue;

    /// <summary>Evaluates an int expression (with optional declarations before main).</summary>
    public static long Eval(string expression, string declarations = "") =>
        RunMain(declarations + "\nint main(void) { return " + expression + "; }");

    public static Diagnostic SingleError(string code, CompilerOptions? options = null)
    {
        var result = Compile(code, options);
        Assert.False(result.Success, "expected a compilation error");
        var errors = result.Errors.ToList();
        Assert.True(errors.Count >= 1, result.FormatDiagnostics());
        return errors[0];
    }

    public static InMemoryFileProvider Files(params (string Path, string Text)[] files)
    {
        var p = new InMemoryFileProvider();
        foreach (var (path, text) in files) p.Add(path, text);
        return p;
    }
}
