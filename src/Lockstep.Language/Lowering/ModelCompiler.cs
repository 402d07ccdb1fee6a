using Lockstep.Language.Binding;
using Lockstep.Language.Diagnostics;
using Lockstep.Language.Syntax;
using Lockstep.Language.Text;
using Lockstep.Machine.Execution;

namespace Lockstep.Language.Lowering;

/// <summary>
/// The Language layer's entry point: preprocess, parse, bind and lower a model to an <see cref="Machine.Ir.IrProgram"/>.
/// Never throws for any input: every problem is a diagnostic (an internal failure becomes an "internal compiler error").
/// </summary>
public static class ModelCompiler
{
    private const int StackSize = 64 * 1024 * 1024;

    public static CompilationResult Compile(ModelSource source, CompilerOptions options, IIntrinsicCatalog catalog)
    {
        CompilationResult? result = null;
        // A deep stack so that deeply nested (but bounded) syntax cannot overflow the recursive passes.
        var thread = new Thread(() => result = CompileOnThisThread(source, options, catalog), StackSize);
        thread.Start();
        thread.Join();
        return result!;
    }

    /// <summary>Compiles a model given as text, with a virtual file name for diagnostics and "..." includes.</summary>
    public static CompilationResult CompileText(string text, string virtualPath = "model.c", CompilerOptions? options = null, IIntrinsicCatalog? catalog = null) =>
        Compile(ModelSource.FromText(text, virtualPath), options ?? CompilerOptions.Default, catalog ?? NameSetCatalog.Empty);

    /// <summary>Compiles a model file read through <see cref="CompilerOptions.FileProvider"/>.</summary>
    public static CompilationResult CompileFile(string path, CompilerOptions? options = null, IIntrinsicCatalog? catalog = null) =>
        Compile(ModelSource.FromFile(path), options ?? CompilerOptions.Default, catalog ?? NameSetCatalog.Empty);

    private static CompilationResult CompileOnThisThread(ModelSource source, CompilerOptions options, IIntrinsicCatalog catalog)
    {
        var files = new SourceFiles();
        var diagnostics = new DiagnosticBag(files);
        try
        {
            var pp = new Preprocessor(options.FileProvider, files, diagnostics, options.IncludeDirectories);
            foreach (var config in options.Configs)
            {
                var name = CompilerOptions.ConfigMacro(config);
                if (IsIdentifier(name)) pp.Define(name, "1");
                else diagnostics.Error(new SourceLocation("<command line>", 1, 1), $"invalid --config option '{config}'");
            }
            foreach (var define in options.Defines)
            {
                var (name, value) = CompilerOptions.ParseDefine(define);
                if (IsIdentifier(name)) pp.Define(name, value);
                else diagnostics.Error(new SourceLocation("<command line>", 1, 1), $"macro name must be an identifier: -D {define}");
            }
            var tokens = pp.Run(source.Path, source.Text);
            var unit = Parser.Parse(tokens, diagnostics);
            if (diagnostics.HasErrors) return new CompilationResult(null, diagnostics.ToList());
            var bound = Binder.Bind(unit, diagnostics);
            if (diagnostics.HasErrors) return new CompilationResult(null, diagnostics.ToList());
            var context = new LoweringContext(diagnostics, new SiteTable(files), catalog);
            var program = new ProgramLowerer(context, new SourceLocation(source.Path, 1, 1)).Lower(bound);
            return new CompilationResult(diagnostics.HasErrors ? null : program, diagnostics.ToList());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            diagnostics.Error(new SourceLocation(source.Path, 1, 1), $"internal compiler error: {e.GetType().Name}: {e.Message}");
            return new CompilationResult(null, diagnostics.ToList());
        }
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
