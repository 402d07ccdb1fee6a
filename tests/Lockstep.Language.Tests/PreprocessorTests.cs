using Lockstep.Language.Diagnostics;
using Lockstep.Language.Lowering;
using Lockstep.Language.Syntax;
using Lockstep.Language.Text;
using static Lockstep.Language.Tests.TestSupport;

namespace Lockstep.Language.Tests;

public class PreprocessorTests
{
    /// <summary>Preprocesses text and returns the token texts joined by spaces.</summary>
    private static string Expand(string text, ISourceFileProvider? files = null, IReadOnlyList<string>? includeDirs = null, Action<Preprocessor>? setup = null)
    {
        var sources = new SourceFiles();
        var bag = new DiagnosticBag(sources);
        var pp = new Preprocessor(files ?? new InMemoryFileProvider(), sources, bag, includeDirs ?? []);
        setup?.Invoke(pp);
        var tokens = pp.Run("main.c", text);
        Assert.False(bag.HasErrors, string.Join("\n", bag.Select(d => d.ToString())));
        return string.Join(" ", tokens.Where(t => t.Kind != TokenKind.EndOfFile).Select(t => t.Text));
    }

    [Fact]
    public void ObjectLikeMacros() => Assert.Equal("int x = 4 + 1 ;", Expand("#define FOUR 4\n#define FIVE FOUR + 1\nint x = FIVE;"));

    [Fact]
    public void FunctionLikeMacrosWithNestedParensAndRescan() =>
        Assert.Equal("int y = ( ( f ( 1 , 2 ) ) * ( ( ( 3 ) * ( 3 ) ) ) ) ;", Expand("#define SQ(x) ((x) * (x))\n#define MUL(a, b) ((a) * (b))\nint y = MUL(f(1, 2), SQ(3));"));

    [Fact]
    public void FunctionLikeMacroNameWithoutParensIsNotExpanded() => Assert.Equal("int F = 1 ;", Expand("#define F(x) x\nint F = 1;"));

    [Fact]
    public void RecursiveMacroStopsViaHideSet() => Assert.Equal("foo + 1 ;", Expand("#define foo foo + 1\nfoo;"));

    [Fact]
    public void StringifyAndPaste() =>
        Assert.Equal("\"a + b\" var_12 \"he said \\\"hi\\\"\" ;", Expand("#define STR(x) #x\n#define CAT(a, b) a##_##b\nSTR(a + b) CAT(var, 12) STR(he said \"hi\");"));

    [Fact]
    public void PasteBuildsInvariantFunctionName() =>
        Assert.Equal("static bool __lockstep_invariant_ok ( void )", Expand("#define LOCKSTEP_INVARIANT(name) static bool __lockstep_invariant_##name(void)\nLOCKSTEP_INVARIANT(ok)"));

    [Fact]
    public void VariadicMacros() =>
        Assert.Equal("printk ( \"%d %d\" , 1 , 2 ) ; printk ( \"x\" ) ;", Expand("#define pr(fmt, ...) printk(fmt, ##__VA_ARGS__)\npr(\"%d %d\", 1, 2); pr(\"x\");"));

    [Fact]
    public void VariadicMacroWithOnlyVaArgs() => Assert.Equal("f ( 1 , 2 , 3 )", Expand("#define CALL(...) f(__VA_ARGS__)\nCALL(1, 2, 3)"));

    [Fact]
    public void Undef() => Assert.Equal("X", Expand("#define X 1\n#undef X\nX"));

    [Theory]
    [InlineData("#if 1 + 2 * 3 == 7\nyes\n#else\nno\n#endif", "yes")]
    [InlineData("#if (1 << 4) > 15 && !0\nyes\n#endif", "yes")]
    [InlineData("#if 10 / 3 == 3 && 10 % 3 == 1 && -1 < 0 && (0 ? 5 : 6) == 6\nyes\n#endif", "yes")]
    [InlineData("#define V 3\n#if V >= 2\nyes\n#elif V == 1\none\n#else\nno\n#endif", "yes")]
    [InlineData("#define V 1\n#if V >= 2\nyes\n#elif V == 1\none\n#else\nno\n#endif", "one")]
    [InlineData("#if UNDEFINED_THING\nyes\n#else\nno\n#endif", "no")]
    [InlineData("#define A\n#if defined(A) && defined B\nboth\n#elif defined A\na\n#endif", "a")]
    [InlineData("#ifdef A\na\n#endif\n#ifndef A\nnot_a\n#endif", "not_a")]
    [InlineData("#if 0\n#if 1\nnested\n#else\nelse\n#endif\n#else\nouter\n#endif", "outer")]
    [InlineData("#if 0\n#error never\n#endif\nok", "ok")]
    [InlineData("#if 'A' == 65\nyes\n#endif", "yes")]
    [InlineData("#define IS_ON(x) (x + 0)\n#define CONFIG_X 1\n#if IS_ON(CONFIG_X)\non\n#endif", "on")]
    public void Conditionals(string text, string expected) => Assert.Equal(expected, Expand(text));

    [Fact]
    public void IncludeQuotedRelativeToIncludingFileThenSearchPath()
    {
        var files = Files(
            ("inc/lockstep/kernel.h", "#pragma once\n#include \"types.h\"\nint from_kernel;"),
            ("inc/lockstep/types.h", "int from_types;"),
            ("inc/linux/spinlock.h", "#include <lockstep/kernel.h>\nint from_spinlock;"),
            ("local.h", "int from_local;"));
        var text = "#include <linux/spinlock.h>\n#include <lockstep/kernel.h>\n#include \"local.h\"\n#include \"lockstep/types.h\"";
        Assert.Equal("int from_types ; int from_kernel ; int from_spinlock ; int from_local ; int from_types ;", Expand(text, files, ["inc"]));
    }

    [Fact]
    public void IncludeGuardsWork()
    {
        var files = Files(("g.h", "#ifndef G_H\n#define G_H\nint g;\n#endif\n"));
        Assert.Equal("int g ;", Expand("#include \"g.h\"\n#include \"g.h\"\n", files));
    }

    [Fact]
    public void MissingIncludeIsAnError()
    {
        var d = SingleError("#include <linux/nothing.h>\nint main(void) { return 0; }");
        Assert.Equal("'linux/nothing.h' file not found", d.Message);
        Assert.Equal((1, 10), (d.Line, d.Column));
    }

    [Fact]
    public void FileAndLine() => Assert.Equal("\"main.c\" 2", Expand("\n__FILE__ __LINE__"));

    [Fact]
    public void LineContinuationInDefine() => Assert.Equal("1 + 2", Expand("#define SUM 1 + \\\n  2\nSUM"));

    [Fact]
    public void CommandLineDefinesAndConfigs()
    {
        var options = new CompilerOptions { Defines = ["NR_THREADS=3", "FAST"], Configs = ["PREEMPT_RT", "CONFIG_LOCKDEP"] };
        Assert.Equal(3 * 100 + 10 + 1 + 1000, RunMain("""
            #ifndef CONFIG_PREEMPT_RT
            #error needs RT
            #endif
            int main(void) {
                int r = NR_THREADS * 100 + FAST * 10;
            #if defined(CONFIG_LOCKDEP) && CONFIG_LOCKDEP == 1
                r += 1;
            #endif
            #ifdef CONFIG_PREEMPT_RT
                r += 1000;
            #endif
                return r;
            }
            """, options));
    }

    [Fact]
    public void ErrorDirectiveReportsItsText()
    {
        var d = SingleError("#if !defined(CONFIG_SMP)\n#error CONFIG_SMP is required\n#endif\nint main(void) { return 0; }");
        Assert.Equal("#error CONFIG_SMP is required", d.Message);
        Assert.Equal((2, 1), (d.Line, d.Column));
    }

    [Fact]
    public void ErrorsInsideMacroExpansionPointAtTheUse()
    {
        var d = SingleError("#define BAD(x) ((x)->nope)\nstruct s { int a; };\nint main(void) {\n  struct s v;\n  return BAD(&v);\n}\n");
        Assert.Equal("no member named 'nope' in 'struct s'", d.Message);
        Assert.Equal((5, 10), (d.Line, d.Column));
    }

    [Fact]
    public void MacroExpandingToDefineIsNotADirective() => Assert.Equal("# define X 1", Expand("#define H #\n#define D define\nH D X 1"));

    [Fact]
    public void EmptyArgumentAndZeroArgumentMacros() => Assert.Equal("f ( ) ( + 1 )", Expand("#define F() f()\n#define P(a) (a + 1)\nF() P()"));
}

public class PreprocessorArgumentTests
{
    [Fact]
    public void UnusedArgumentsAreNotExpanded()
    {
        // As in the seed: hlist_for_each_entry_rcu drops its lockdep condition, which is never expanded.
        var code = """
            #define rcu_read_lock_held() 1
            #define each(x, ...) (x)
            int main(void) { return each(4, rcu_read_lock_held(&srcu)); }
            """;
        Assert.Equal(4, TestSupport.RunMain(code));
    }
}
