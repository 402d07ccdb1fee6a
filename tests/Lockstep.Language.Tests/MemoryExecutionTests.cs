using Lockstep.Machine.Ir;
using static Lockstep.Language.Tests.TestSupport;

namespace Lockstep.Language.Tests;

/// <summary>Globals, structs, unions, arrays, pointers, function pointers and initializers, run.</summary>
public class MemoryExecutionTests
{
    [Fact]
    public void GlobalsAreReadAndWritten()
    {
        var run = Run("int counter = 5; long total; int main(void) { counter += 2; total = counter * 3; return 0; }");
        Assert.Equal(7, run.ReadGlobal("counter"));
        Assert.Equal(21, run.ReadGlobal("total"));
    }

    [Fact]
    public void StructFieldsThroughDotAndArrow() => Assert.Equal(1, RunMain("""
        struct inner { int a; int b; };
        struct outer { int x; struct inner in; struct inner *p; };
        struct outer o;
        int main(void) {
            struct outer *po = &o;
            o.x = 1;
            o.in.b = 2;
            po->p = &po->in;
            po->p->a = 3;
            return o.in.a == 3 && po->in.b == 2 && (*po).x == 1;
        }
        """));

    [Fact]
    public void LocalStructsAndArraysLiveInFrameObjects() => Assert.Equal(1, RunMain("""
        struct s { int a; int b[3]; };
        int main(void) {
            struct s v;
            int arr[4];
            for (int i = 0; i < 4; i++) arr[i] = i * i;
            v.a = arr[3];
            v.b[2] = arr[2];
            return v.a == 9 && v.b[2] == 4 && v.b[0] == 0;
        }
        """));

    [Fact]
    public void AddressTakenLocalsAndParameters() => Assert.Equal(1, RunMain("""
        void inc(int *p) { (*p)++; }
        int twice(int v) { inc(&v); inc(&v); return v; }
        int main(void) {
            int x = 1;
            int *p = &x;
            *p = 5;
            inc(&x);
            return x == 6 && twice(10) == 12;
        }
        """));

    [Fact]
    public void PointerArithmeticScalesByElementCells() => Assert.Equal(1, RunMain("""
        struct pair { long a; long b; };
        struct pair pairs[4];
        int nums[5] = { 10, 20, 30, 40, 50 };
        int main(void) {
            struct pair *p = pairs;
            struct pair *q = &pairs[3];
            int *n = nums;
            n += 2;
            p++;
            p->b = 7;
            return q - p == 2 && pairs[1].b == 7 && *n == 30 && *(n + 1) == 40 && n[-1] == 20 && 2[nums] == 30
                && (char *)0 + 3 != 0 && --q == &pairs[2];
        }
        """));

    [Fact]
    public void PointerComparisonsAndNull() => Assert.Equal(1, RunMain("""
        int arr[3];
        int main(void) {
            int *a = &arr[0], *b = &arr[2], *z = NULL;
            return a < b && b > a && a != b && !z && z == 0 && (a ? 1 : 0);
        }
        """));

    [Fact]
    public void StructAssignmentCopiesCells() => Assert.Equal(1, RunMain("""
        struct pt { int x; int y; int z[2]; };
        struct pt g1 = { 1, 2, { 3, 4 } };
        struct pt g2;
        int main(void) {
            struct pt l;
            g2 = g1;
            l = g2;
            l.z[1] = 9;
            struct pt copy = l;
            return g2.x == 1 && g2.z[1] == 4 && l.y == 2 && copy.z[1] == 9 && g1.z[1] == 4;
        }
        """));

    [Fact]
    public void UnionMembersShareCells() => Assert.Equal(1, RunMain("""
        union val { long l; int i; struct { int lo; int hi; } parts; };
        union val v;
        int main(void) {
            v.l = 77;
            int same = v.i == 77 && v.parts.lo == 77;
            v.parts.hi = 5;
            return same && sizeof(v) == 16;
        }
        """));

    [Fact]
    public void FunctionPointersDirectThroughStructFieldAndOpsTable() => Assert.Equal(1, RunMain("""
        struct range { int start, end; };
        struct subscription;
        struct ops {
            int (*invalidate_range_start)(struct subscription *sub, const struct range *range);
            void (*release)(struct subscription *sub);
        };
        struct subscription { const struct ops *ops; int calls; };
        static int start(struct subscription *sub, const struct range *range) { sub->calls++; return range->end - range->start; }
        static void release(struct subscription *sub) { sub->calls += 100; }
        static const struct ops kvm_ops = { .invalidate_range_start = start, .release = &release };
        struct subscription sub = { .ops = &kvm_ops };
        int add(int a, int b) { return a + b; }
        int main(void) {
            struct range r = { 3, 10 };
            int (*f)(int, int) = add;
            int n = sub.ops->invalidate_range_start(&sub, &r);
            sub.ops->release(&sub);
            return n == 7 && sub.calls == 101 && f(2, 3) == 5 && (*f)(1, 1) == 2;
        }
        """));

    [Fact]
    public void DesignatedNestedAndPositionalGlobalInitializers()
    {
        var run = Run("""
            struct in { int a; int b; };
            struct cfg { int x; struct in in; int arr[4]; int *ptr; };
            int target;
            struct cfg c = { .in.b = 4, .arr = { [2] = 5, 6 }, .x = 1, .ptr = &target };
            struct cfg d = { 9, { 8, 7 }, { 1, 2 } };
            struct cfg e = { 1, 2, 3, 4, 5 };
            int list[] = { 1, 2, 3 };
            int sparse[5] = { [4] = 40, [1] = 10 };
            int main(void) { return c.ptr == &target; }
            """);
        Assert.Equal(1, run.ReturnValue);
        Assert.Equal(1, run.ReadGlobal("c", 0));
        Assert.Equal(0, run.ReadGlobal("c", 1));
        Assert.Equal(4, run.ReadGlobal("c", 2));
        Assert.Equal(5, run.ReadGlobal("c", 5));
        Assert.Equal(6, run.ReadGlobal("c", 6));
        Assert.Equal(9, run.ReadGlobal("d", 0));
        Assert.Equal(7, run.ReadGlobal("d", 2));
        Assert.Equal(2, run.ReadGlobal("d", 4));
        Assert.Equal(3, run.ReadGlobal("e", 2));
        Assert.Equal(5, run.ReadGlobal("e", 4));
        Assert.Equal(3, run.ReadGlobal("list", 2));
        Assert.Equal(40, run.ReadGlobal("sparse", 4));
        Assert.Equal(10, run.ReadGlobal("sparse", 1));
    }

    [Fact]
    public void LocalDesignatedInitializers() => Assert.Equal(1, RunMain("""
        struct in { int a; int b; };
        struct cfg { int x; struct in in; int arr[3]; };
        int main(void) {
            int v = 3;
            struct cfg c = { .in = { .b = v }, .arr[1] = v * 2 };
            int arr[4] = { [3] = 1, };
            return c.in.b == 3 && c.arr[1] == 6 && c.x == 0 && arr[3] == 1 && arr[0] == 0;
        }
        """));

    [Fact]
    public void ConstantExpressionsInGlobalInitializers()
    {
        var run = Run("""
            enum { A = 3, B = A * 4 };
            struct s { int a; long b; };
            struct s objs[3];
            long size = sizeof(struct s) * 2 + B;
            long *ptr = &objs[2].b;
            int neg = -A;
            unsigned int wrap = -1;
            int main(void) { return ptr == &objs[2].b; }
            """);
        Assert.Equal(1, run.ReturnValue);
        Assert.Equal(44, run.ReadGlobal("size"));
        Assert.Equal(-3, run.ReadGlobal("neg"));
        Assert.Equal(4294967295, run.ReadGlobal("wrap"));
    }

    [Fact]
    public void StaticLocalsKeepTheirValue() => Assert.Equal(3, RunMain("""
        int next(void) { static int n = 0; return ++n; }
        int main(void) { next(); next(); return next(); }
        """));

    [Fact]
    public void ConstGlobalLoadsArePrivate()
    {
        var program = CompileOk("""
            static const int limit = 4;
            int shared;
            int main(void) { return limit + shared; }
            """);
        var main = program.Functions[program.EntryFunction];
        var loads = main.Code.Where(i => i.Op == OpCode.Load).ToList();
        Assert.Equal(2, loads.Count);
        Assert.Equal((byte)MemoryFlags.Private, loads[0].Sub);
        Assert.Equal((byte)MemoryFlags.None, loads[1].Sub);
        Assert.True(program.Globals[program.FindGlobal("limit")].IsConstant);
    }

    [Fact]
    public void TypedefsAndFunctionPointerTypedefs() => Assert.Equal(1, RunMain("""
        typedef int (*binop_t)(int, int);
        typedef struct { int v; } box_t;
        typedef box_t *box_p;
        static int mul(int a, int b) { return a * b; }
        int apply(binop_t op, int a, int b) { return op(a, b); }
        int main(void) { box_t b = { 6 }; box_p p = &b; return apply(mul, p->v, 7) == 42; }
        """));

    [Fact]
    public void FieldNamesNameEveryCell()
    {
        var program = CompileOk("""
            struct list { struct list *first; };
            struct subs { int mn_active_invalidate_count; struct list list; int arr[2]; union { int a; long b; } u; };
            struct subs s;
            int arr[3];
            int *ops;
            int main(void) { return 0; }
            """);
        Assert.Equal(["mn_active_invalidate_count", "list.first", "arr[0]", "arr[1]", "u.a|u.b"], program.Globals[program.FindGlobal("s")].FieldNames);
        Assert.Equal(["arr[0]", "arr[1]", "arr[2]"], program.Globals[program.FindGlobal("arr")].FieldNames);
        Assert.Equal(["ops"], program.Globals[program.FindGlobal("ops")].FieldNames);
        Assert.Equal("struct subs", program.Globals[program.FindGlobal("s")].TypeName);
    }

    [Fact]
    public void GlobalInitializerPointsAtFunctionsAndStrings()
    {
        var program = CompileOk("""
            int f(void) { return 1; }
            int (*fp)(void) = f;
            const char *name = "hello";
            int main(void) { return fp(); }
            """);
        var fp = program.Globals[program.FindGlobal("fp")].InitialCells[0];
        Assert.True(Pointer.IsFunction(fp));
        Assert.Equal("f", program.Functions[Pointer.FunctionIndex(fp)].Name);
        var s = program.Globals[program.FindGlobal("name")].InitialCells[0];
        Assert.True(Pointer.IsString(s));
        Assert.Equal("hello", program.Strings[Pointer.StringId(s)]);
    }

    [Fact]
    public void ArraysOfStructsAndTwoDimensionalArrays() => Assert.Equal(1, RunMain("""
        struct slot { int key; int val; };
        struct slot table[3] = { { 1, 10 }, { 2, 20 }, [2] = { .val = 30, .key = 3 } };
        int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
        int main(void) {
            int i = 2, j = 1;
            grid[i - 1][j] += 10;
            return table[2].key == 3 && table[1].val == 20 && grid[1][1] == 15 && grid[0][2] == 3 && sizeof(grid) == 48;
        }
        """));

    [Fact]
    public void ReadWriteOnceStyleMacrosAndHlistLikeCode() => Assert.Equal(3, RunMain("""
        #define READ_ONCE(x) (x)
        #define WRITE_ONCE(x, v) ((x) = (v))
        struct hlist_node { struct hlist_node *next, **pprev; };
        struct hlist_head { struct hlist_node *first; };
        struct item { int v; struct hlist_node node; };
        struct hlist_head head;
        struct item items[3];
        static void hlist_add_head(struct hlist_node *n, struct hlist_head *h) {
            struct hlist_node *first = h->first;
            WRITE_ONCE(n->next, first);
            if (first) first->pprev = &n->next;
            WRITE_ONCE(h->first, n);
            n->pprev = &h->first;
        }
        int main(void) {
            int count = 0;
            for (int i = 0; i < 3; i++) { items[i].v = i; hlist_add_head(&items[i].node, &head); }
            for (struct hlist_node *p = READ_ONCE(head.first); p; p = p->next) {
                struct item *it = container_of(p, struct item, node);
                count += it->v >= 0;
            }
            return count;
        }
        """));
}

public class ConstTests
{
    [Fact]
    public void PointerToConstIsNotAConstVariable()
    {
        var run = TestSupport.Run("""
            const char *name = "a";
            static const int limit = 3;
            static const struct { int x; } *ops;
            int main(void) { name = "b"; const char *local = name; local = 0; return limit; }
            """);
        Assert.Equal(3, run.ReturnValue);
    }

    [Fact]
    public void ConstPointerIsAConstVariable()
    {
        var d = TestSupport.SingleError("int g;\nint *const p = &g;\nint main(void) {\n  p = 0;\n  return 0;\n}");
        Assert.Equal("cannot assign to variable 'p' with const-qualified type 'int *const'", d.Message);
    }

    [Fact]
    public void OnlyConstObjectsAreConstantGlobals()
    {
        var program = TestSupport.CompileOk("const char *name = \"a\";\nstatic const int limit = 3;\nconst int table[2] = { 1, 2 };\nint main(void) { return 0; }");
        Assert.False(program.Globals[program.FindGlobal("name")].IsConstant);
        Assert.True(program.Globals[program.FindGlobal("limit")].IsConstant);
        Assert.True(program.Globals[program.FindGlobal("table")].IsConstant);
    }
}
