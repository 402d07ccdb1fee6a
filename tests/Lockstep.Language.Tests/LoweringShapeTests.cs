using Lockstep.Language.Lowering;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;
using static Lockstep.Language.Tests.TestSupport;

namespace Lockstep.Language.Tests;

/// <summary>The shape of the IR the lowering produces: intrinsics, invariants, sites, frame objects.</summary>
public class LoweringShapeTests
{
    private static readonly NameSetCatalog Catalog = new(["spin_lock", "spin_unlock", "printk", "kthread_run"]);

    [Fact]
    public void PrototypeWithoutBodyIsAnIntrinsicWithItsOwnScratchSlot()
    {
        var program = CompileOk("""
            typedef struct { int locked; } spinlock_t;
            void spin_lock(spinlock_t *l);
            void spin_unlock(spinlock_t *l);
            int printk(const char *fmt, ...);
            spinlock_t lock;
            int main(void) {
                spin_lock(&lock);
                spin_lock(&lock);
                int n = printk("x=%d %d\n", 1, 2);
                spin_unlock(&lock);
                return n;
            }
            """, catalog: Catalog);
        Assert.Equal(["spin_lock", "printk", "spin_unlock"], program.Intrinsics);
        var main = program.Functions[program.EntryFunction];
        var calls = main.Code.Select((ins, i) => (ins, i)).Where(x => x.ins.Op == OpCode.Intrinsic).ToList();
        Assert.Equal(4, calls.Count);
        Assert.Equal(4, calls.Select(c => c.ins.C).Distinct().Count());
        foreach (var (ins, i) in calls)
        {
            var before = main.Code[i - 1];
            Assert.Equal(OpCode.Const, before.Op);
            Assert.Equal(ins.C, before.A);
            Assert.Equal(0, before.Imm);
        }
        Assert.Equal(-1, calls[0].ins.A);
        Assert.NotEqual(-1, calls[2].ins.A);
        Assert.Equal(3, calls[2].ins.Args!.Length);
        Assert.Equal(1, calls[2].ins.Imm);
    }

    [Fact]
    public void ThreadFunctionPointerPassedToIntrinsic()
    {
        var program = CompileOk("""
            struct task_struct;
            struct task_struct *kthread_run(int (*fn)(void *data), void *data, const char *name);
            int worker(void *data) { return 0; }
            int main(void) { kthread_run(worker, NULL, "worker"); return 0; }
            """.Replace("NULL", "((void *)0)"), catalog: Catalog);
        var main = program.Functions[program.EntryFunction];
        var at = Array.FindIndex(main.Code, i => i.Op == OpCode.Intrinsic);
        var intrinsic = main.Code[at];
        var fnArg = main.Code.Take(at).Last(i => i.Op == OpCode.Const && i.A == intrinsic.Args![0]);
        Assert.True(Pointer.IsFunction(fnArg.Imm));
        Assert.Equal("worker", program.Functions[Pointer.FunctionIndex(fnArg.Imm)].Name);
    }

    [Fact]
    public void InvariantsAreCollected()
    {
        var program = CompileOk("""
            #define LOCKSTEP_INVARIANT(name) static bool __lockstep_invariant_##name(void)
            int count;
            LOCKSTEP_INVARIANT(count_non_negative) { return count >= 0; }
            int main(void) { count = 1; return 0; }
            """);
        var inv = Assert.Single(program.Invariants);
        Assert.Equal("count_non_negative", inv.Name);
        Assert.Equal("__lockstep_invariant_count_non_negative", program.Functions[inv.Function].Name);
        Assert.Equal(1, SingleThreadRunner.Run(program, program.Functions[inv.Function].Name).ReturnValue);
    }

    [Fact]
    public void EveryInstructionHasASiteWithTextAndFunction()
    {
        var program = CompileOk("int g;\nint main(void) {\n    g = 3;\n    return g;\n}\n");
        var main = program.Functions[program.EntryFunction];
        Assert.All(main.Code, i => Assert.InRange(i.Site, 0, program.Sites.Count - 1));
        var store = main.Code.First(i => i.Op == OpCode.Store);
        var site = program.Sites[store.Site];
        Assert.Equal(("test.c", 3, "main", "g = 3;"), (site.File, site.Line, site.Function, site.Text));
        Assert.Equal(program.Sites.Count, program.Sites.Distinct().Count());
    }

    [Fact]
    public void SitesOfMacroExpansionsPointAtTheUse()
    {
        var program = CompileOk("#define SET(x) ((x) = 1)\nint g;\nint main(void) {\n  SET(g);\n  return 0;\n}\n");
        var main = program.Functions[program.EntryFunction];
        var store = main.Code.First(i => i.Op == OpCode.Store);
        Assert.Equal(4, program.Sites[store.Site].Line);
    }

    [Fact]
    public void AddressTakenLocalsAreFrameObjectsAndOthersAreSlots()
    {
        var program = CompileOk("""
            void use(int *p);
            int main(void) { int a = 1; int b = 2; struct { int x; } s; s.x = 3; int *p = &b; return a + *p + s.x; }
            """);
        var main = program.Functions[program.EntryFunction];
        Assert.Equal(2, main.FrameObjectSlots.Length);
        Assert.Equal(2, main.Code.Count(i => i.Op == OpCode.AllocLocal));
        // The struct's address never escapes: its accesses are private.
        var stores = main.Code.Where(i => i.Op == OpCode.Store).ToList();
        Assert.Contains(stores, s => s.Sub == (byte)MemoryFlags.Private);
        Assert.Contains("a", main.SlotNames);
        Assert.Equal(main.SlotCount, main.SlotNames.Length);
    }

    [Fact]
    public void CallingAnUnknownPrototypeIsAnErrorAtTheCallSite()
    {
        var result = Compile("void mystery(int x);\nint main(void) {\n  mystery(1);\n  return 0;\n}\n");
        var d = Assert.Single(result.Errors);
        Assert.Equal("'mystery' is declared but not defined, and is not a Lockstep primitive", d.Message);
        Assert.Equal((3, 3), (d.Line, d.Column));
    }

    [Fact]
    public void CompileFromFileThroughProvider()
    {
        var files = Files(("models/m.c", "#include \"h.h\"\nint main(void) { return VALUE; }"), ("models/h.h", "#define VALUE 12\n"));
        var result = ModelCompiler.CompileFile("models/m.c", new CompilerOptions { FileProvider = files });
        Assert.True(result.Success, result.FormatDiagnostics());
        Assert.Equal(12, SingleThreadRunner.Run(result.Program!).ReturnValue);
    }

    [Fact]
    public void GetProgramOrThrowThrowsWithRenderedDiagnostics()
    {
        var result = Compile("int main(void) { return x; }");
        var ex = Assert.Throws<Lockstep.Language.Diagnostics.ModelCompilationException>(() => result.GetProgramOrThrow());
        Assert.Contains("test.c:1:25: error: use of undeclared identifier 'x'", ex.Message);
    }

    [Fact]
    public void DiagnosticRendersLikeGccWithCaret()
    {
        var d = SingleError("int main(void) {\n\tint y = z;\n\treturn 0;\n}\n");
        Assert.Equal("test.c:2:10: error: use of undeclared identifier 'z'\n\tint y = z;\n\t        ^", d.ToString());
    }
}
