using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;
using static Lockstep.Language.Tests.TestSupport;

namespace Lockstep.Language.Tests;

/// <summary>
/// Location classes, signatures and address-taken functions for partial-order reduction. The property that matters:
/// every access to one cell that has a class has the same class, whatever the access path.
/// </summary>
public class LocationClassTests
{
    private static readonly NameSetCatalog Catalog = new(["spin_lock", "spin_unlock", "atomic_inc", "set_bit", "cancel_work_sync", "kthread_run"]);

    private const string Types = """
        struct inner { int x; int y; };
        struct outer { int a; struct inner in; int arr[4]; long tail; };
        struct outer g;

        """;

    /// <summary>The class names of the shared (non-private) loads and stores of <paramref name="function"/>, in order.</summary>
    private static List<string?> Accesses(IrProgram program, string function, OpCode? op = null)
    {
        var f = program.Functions[program.FindFunction(function)];
        return f.Code
            .Where(i => i.Op is OpCode.Load or OpCode.Store && (op is null || i.Op == op) && (i.Sub & (byte)MemoryFlags.Private) == 0)
            .Select(i => Name(program, i.Class))
            .ToList();
    }

    private static string? Name(IrProgram program, int cls) => cls < 0 ? null : program.LocationClasses![cls];

    /// <summary>The class name of the only shared access of <paramref name="function"/>.</summary>
    private static string? Only(IrProgram program, string function) => Assert.Single(Accesses(program, function));

    private static List<string?> IntrinsicClasses(IrProgram program, string function) =>
        program.Functions[program.FindFunction(function)].Code
            .Where(i => i.Op == OpCode.Intrinsic).Select(i => Name(program, i.Class)).ToList();

    private static IrProgram Compile(string code) => CompileOk(Prelude + code + "\nint main(void) { return 0; }\n", catalog: Catalog);

    [Fact]
    public void SameCellThroughGlobalOuterInnerAndContainerOfHasOneClass()
    {
        var p = Compile(Types + """
            int via_global(void) { return g.in.y; }
            int via_outer(struct outer *o) { return o->in.y; }
            int via_inner(struct inner *i) { return i->y; }
            int via_container(struct inner *i) { return container_of(i, struct outer, in)->in.y; }
            int via_copy_of_pointer(struct outer *o) { struct inner *i = &o->in; return i->y; }
            """);
        var cls = Only(p, "via_inner");
        Assert.Equal("struct inner+1 (y)", cls);
        Assert.Equal(cls, Only(p, "via_global"));
        Assert.Equal(cls, Only(p, "via_outer"));
        Assert.Equal(cls, Only(p, "via_container"));
        Assert.Equal(cls, Only(p, "via_copy_of_pointer"));
    }

    [Fact]
    public void FieldsOfTheOuterStructAreClassifiedByTheOuterStruct()
    {
        var p = Compile(Types + """
            int a_global(void) { return g.a; }
            int a_pointer(struct outer *o) { return o->a; }
            int a_container(struct inner *i) { return container_of(i, struct outer, in)->a; }
            long tail(struct outer *o) { return o->tail; }
            """);
        Assert.Equal("struct outer+0 (a)", Only(p, "a_pointer"));
        Assert.Equal(Only(p, "a_pointer"), Only(p, "a_global"));
        Assert.Equal(Only(p, "a_pointer"), Only(p, "a_container"));
        Assert.Equal("struct outer+7 (tail)", Only(p, "tail"));
    }

    [Fact]
    public void ArrayFieldElementsShareTheFieldsClass()
    {
        var p = Compile(Types + """
            int var_index(struct outer *o, int i) { return o->arr[i]; }
            int const_index(struct outer *o) { return o->arr[2]; }
            int global_index(int i) { return g.arr[i]; }
            void store_last(struct outer *o) { o->arr[3] = 1; }
            """);
        var cls = Only(p, "var_index");
        Assert.Equal("struct outer+3 (arr[0])", cls);
        Assert.Equal(cls, Only(p, "const_index"));
        Assert.Equal(cls, Only(p, "global_index"));
        Assert.Equal(cls, Only(p, "store_last"));
    }

    [Fact]
    public void DistinctFieldsHaveDistinctClasses()
    {
        var p = Compile(Types + """
            int f1(struct outer *o) { return o->a; }
            int f2(struct outer *o) { return o->in.x; }
            int f3(struct outer *o) { return o->in.y; }
            int f4(struct outer *o) { return o->arr[0]; }
            long f5(struct outer *o) { return o->tail; }
            struct other { int a; };
            int f6(struct other *o) { return o->a; }
            """);
        var all = new[] { "f1", "f2", "f3", "f4", "f5", "f6" }.Select(f => Only(p, f)).ToList();
        Assert.All(all, Assert.NotNull);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void UnionMembersAlias()
    {
        var p = Compile("""
            union u { long l; int i; struct { int lo; int hi; } parts; };
            struct holder { int tag; union u v; };
            struct anon { int k; union { int a; long b; }; };
            long u_l(struct holder *h) { return h->v.l; }
            int u_i(struct holder *h) { return h->v.i; }
            int u_lo(struct holder *h) { return h->v.parts.lo; }
            int u_hi(struct holder *h) { return h->v.parts.hi; }
            int via_union_pointer(union u *pu) { return pu->i; }
            int anon_a(struct anon *s) { return s->a; }
            long anon_b(struct anon *s) { return s->b; }
            int anon_k(struct anon *s) { return s->k; }
            """);
        var cls = Only(p, "u_l");
        Assert.StartsWith("union u+0", cls);
        Assert.Equal(cls, Only(p, "u_i"));
        Assert.Equal(cls, Only(p, "u_lo"));
        Assert.Equal(cls, Only(p, "via_union_pointer"));
        Assert.StartsWith("union u+1", Only(p, "u_hi"));
        Assert.Equal(Only(p, "anon_a"), Only(p, "anon_b"));
        Assert.NotNull(Only(p, "anon_a"));
        Assert.NotEqual(Only(p, "anon_a"), Only(p, "anon_k"));
    }

    [Fact]
    public void UnionWithoutPointersToItIsClassifiedInItsOutermostStruct()
    {
        var p = Compile("""
            struct holder { int tag; union { long l; int arr[2]; } v; };
            long a(struct holder *h) { return h->v.l; }
            int b(struct holder *h) { return h->v.arr[0]; }
            int c(struct holder *h) { return h->v.arr[1]; }
            int d(struct holder *h, int i) { return h->v.arr[i]; }
            """);
        Assert.Equal(Only(p, "a"), Only(p, "b"));
        Assert.StartsWith("struct holder+1", Only(p, "a"));
        Assert.StartsWith("struct holder+2", Only(p, "c"));
        // Below a union every element is its own cell: a variable index cannot be classified.
        Assert.Null(Only(p, "d"));
    }

    [Fact]
    public void PointerToAStructThatCanLiveInAUnionIsUnknown()
    {
        var p = Compile("""
            struct pair { int a; int b; };
            union pu { struct pair p; long raw[2]; };
            int through_pair(struct pair *q) { return q->b; }
            long through_union(union pu *u) { return u->raw[1]; }
            int through_union_member(union pu *u) { return u->p.b; }
            """);
        Assert.Null(Only(p, "through_pair"));
        Assert.NotNull(Only(p, "through_union"));
        Assert.Equal(Only(p, "through_union"), Only(p, "through_union_member"));
    }

    [Fact]
    public void ScalarPointerDereferencesAreUnknown()
    {
        var p = Compile(Types + """
            int d1(int *q) { return *q; }
            int d2(int *q) { return q[3]; }
            long d3(void *x) { return *(long *)x; }
            void d4(struct outer *o) { int *q = &o->a; *q = 1; }
            char d5(char *s, int i) { return *(s + i); }
            """);
        foreach (var f in new[] { "d1", "d2", "d3", "d4", "d5" }) Assert.Null(Only(p, f));
    }

    [Fact]
    public void DereferenceOfAnAddressIsTheLvalueItself()
    {
        var p = Compile(Types + """
            int acquire(struct outer *o) { return *(&o->a); }
            int plain(struct outer *o) { return o->a; }
            """);
        Assert.Equal(Only(p, "plain"), Only(p, "acquire"));
    }

    [Fact]
    public void GlobalScalarsAndArraysAreOneClassPerVariable()
    {
        var p = Compile("""
            int counter;
            long slots[8];
            void bump(void) { counter++; }
            long read_slot(int i) { return slots[i]; }
            void write_slot(void) { slots[3] = 1; }
            """);
        Assert.Equal(["global counter", "global counter"], Accesses(p, "bump"));
        Assert.Equal("global slots", Only(p, "read_slot"));
        Assert.Equal("global slots", Only(p, "write_slot"));
    }

    [Fact]
    public void GlobalStructNeverReachedThroughPointersIsClassifiedByTheVariable()
    {
        var p = Compile("""
            struct stats { long hits; long misses; };
            struct stats st;
            struct stats st2;
            void hit(void) { st.hits++; }
            void miss(void) { st.misses = 1; }
            void other(void) { st2.hits = 1; }
            """);
        Assert.Equal("global st+0 (hits)", Accesses(p, "hit")[0]);
        Assert.Equal("global st+1 (misses)", Only(p, "miss"));
        Assert.Equal("global st2+0 (hits)", Only(p, "other"));
    }

    [Fact]
    public void StructCopyGivesEachCellItsFieldsClass()
    {
        var p = Compile(Types + """
            void copy(struct outer *a, struct outer *b) { *a = *b; }
            int via_inner(struct inner *i) { return i->y; }
            """);
        var stores = Accesses(p, "copy", OpCode.Store);
        var loads = Accesses(p, "copy", OpCode.Load);
        Assert.Equal(8, stores.Count);
        Assert.Equal(stores, loads);
        Assert.Equal("struct outer+0 (a)", stores[0]);
        Assert.Equal("struct inner+0 (x)", stores[1]);
        Assert.Equal(Only(p, "via_inner"), stores[2]);
        Assert.All(stores.Skip(3).Take(4), s => Assert.Equal("struct outer+3 (arr[0])", s));
        Assert.Equal("struct outer+7 (tail)", stores[7]);
    }

    private const string Kernel = """
        typedef struct { long owner; long count; } spinlock_t;
        typedef struct { int counter; } atomic_t;
        struct work { long pending; long func; };
        void spin_lock(spinlock_t *l);
        void spin_unlock(spinlock_t *l);
        void atomic_inc(atomic_t *v);
        void set_bit(long nr, unsigned long *addr);
        int cancel_work_sync(struct work *w);
        struct dev { int id; spinlock_t lock; atomic_t users; unsigned long flags; struct work work; };
        struct bus { spinlock_t lock; int n; };
        struct dev gdev;
        spinlock_t glock;

        """;

    [Fact]
    public void PrimitivesOnTheSameFieldOfTheSameStructTypeShareAClass()
    {
        var p = Compile(Kernel + """
            void lock_x(struct dev *x) { spin_lock(&x->lock); spin_unlock(&x->lock); }
            void lock_y(struct dev *y) { spin_lock(&y->lock); }
            void lock_global(void) { spin_lock(&gdev.lock); }
            void lock_bus(struct bus *b) { spin_lock(&b->lock); }
            void lock_param(spinlock_t *l) { spin_lock(l); }
            void lock_standalone(void) { spin_lock(&glock); }
            """);
        var x = IntrinsicClasses(p, "lock_x");
        Assert.Equal("struct dev+1 (lock.owner)", x[0]);
        Assert.Equal(x[0], x[1]);
        Assert.Equal(x[0], Assert.Single(IntrinsicClasses(p, "lock_y")));
        Assert.Equal(x[0], Assert.Single(IntrinsicClasses(p, "lock_global")));
        Assert.Equal("struct bus+0 (lock.owner)", Assert.Single(IntrinsicClasses(p, "lock_bus")));
        Assert.Null(Assert.Single(IntrinsicClasses(p, "lock_param")));
        Assert.Equal("global glock+0 (owner)", Assert.Single(IntrinsicClasses(p, "lock_standalone")));
    }

    [Fact]
    public void FirstPointerArgumentIsTheObject()
    {
        var p = Compile(Kernel + """
            void users(struct dev *d) { atomic_inc(&d->users); }
            void flag(struct dev *d) { set_bit(3, &d->flags); }
            unsigned long flags(struct dev *d) { return d->flags; }
            """);
        Assert.Equal("struct dev+3 (users.counter)", Assert.Single(IntrinsicClasses(p, "users")));
        Assert.Equal(Only(p, "flags"), Assert.Single(IntrinsicClasses(p, "flag")));
        Assert.Equal("struct dev+4 (flags)", Only(p, "flags"));
    }

    [Fact]
    public void PlainAccessesInsideAPrimitiveObjectTakeTheObjectsClass()
    {
        // INIT_WORK stores the fields of a work item and the worker reads them through a struct work pointer, while
        // cancel_work_sync(&d->work) touches the same cells: all of them must agree.
        var p = Compile(Kernel + """
            void init(struct dev *d) { d->work.pending = 0; d->work.func = 0; }
            long worker(struct work *w) { return w->func; }
            void cancel(struct dev *d) { cancel_work_sync(&d->work); }
            void cancel_global(void) { cancel_work_sync(&gdev.work); }
            int counter(struct dev *d) { return d->users.counter; }
            void users(struct dev *d) { atomic_inc(&d->users); }
            """);
        var cls = Assert.Single(IntrinsicClasses(p, "cancel"));
        Assert.Equal("struct work+0 (pending)", cls);
        Assert.Equal([cls, cls], Accesses(p, "init"));
        Assert.Equal(cls, Only(p, "worker"));
        Assert.Equal(cls, Assert.Single(IntrinsicClasses(p, "cancel_global")));
        Assert.Equal(Assert.Single(IntrinsicClasses(p, "users")), Only(p, "counter"));
    }

    [Fact]
    public void PointerToATypeEmbeddedInAPrimitiveObjectIsUnknown()
    {
        var q = CompileOk(Prelude + """
            struct counter { long v; };
            struct obj { struct counter c; long other; };
            void spin_lock(struct obj *o);
            struct obj gobj;
            void op(void) { spin_lock(&gobj); }
            long read(struct counter *c) { return c->v; }
            long read_outer(struct obj *x) { return x->c.v; }
            long read_other(struct obj *x) { return x->other; }
            int main(void) { return 0; }
            """, catalog: Catalog);
        Assert.Equal("struct obj+0 (c.v)", Assert.Single(IntrinsicClasses(q, "op")));
        Assert.Null(Only(q, "read"));
        Assert.Equal("struct obj+0 (c.v)", Only(q, "read_outer"));
        Assert.Equal("struct obj+0 (c.v)", Only(q, "read_other"));
    }

    [Fact]
    public void AddressTakenLocalsAreClassifiedByName()
    {
        var p = CompileOk(Prelude + """
            struct task_struct;
            struct task_struct *kthread_run(int (*fn)(void *data), void *data, const char *name, ...);
            int worker(void *data) { int *v = data; return *v; }
            int main(void) {
                int shared = 0;
                kthread_run(worker, &shared, "w");
                shared = 1;
                return shared;
            }
            """, catalog: Catalog);
        Assert.All(Accesses(p, "main"), c => Assert.Equal("local main.shared", c));
        Assert.Null(Only(p, "worker"));
    }

    [Fact]
    public void SignaturesFollowFunctionTypes()
    {
        var p = Compile("""
            typedef int (*op_t)(int);
            int inc(int x) { return x + 1; }
            int dec(int y) { return y - 1; }
            long other(long x) { return x; }
            int unused(int x) { return x; }
            struct ops { op_t op; long (*lop)(long); };
            struct ops table = { .op = inc, .lop = other };
            int call(struct ops *o, int v) { return o->op(v) + (int)o->lop(v); }
            int local(void) { op_t f = dec; return f(1) + call(&table, 2); }
            """);
        int Sig(string f) => p.Functions[p.FindFunction(f)].Signature;
        Assert.True(Sig("inc") >= 0);
        Assert.Equal(Sig("inc"), Sig("dec"));
        Assert.Equal(Sig("inc"), Sig("unused"));
        Assert.NotEqual(Sig("inc"), Sig("other"));
        Assert.NotEqual(Sig("inc"), Sig("call"));
        var calls = p.Functions[p.FindFunction("call")].Code.Where(i => i.Op == OpCode.CallIndirect).Select(i => i.Class).ToList();
        Assert.Equal([Sig("inc"), Sig("other")], calls);
        var local = p.Functions[p.FindFunction("local")].Code.Single(i => i.Op == OpCode.CallIndirect);
        Assert.Equal(Sig("inc"), local.Class);
        var taken = p.AddressTakenFunctions!.Select(i => p.Functions[i].Name).Order().ToList();
        Assert.Equal(["dec", "inc", "other"], taken);
    }

    [Fact]
    public void FunctionsCastToOtherTypesLoseOrShareTheirSignature()
    {
        var p = Compile("""
            typedef void (*cb_t)(void *);
            int escapes(int x) { return x; }
            int same_type(int x) { return x; }
            void callback(long *p) { }
            void *stash;
            int run(int (*f)(int)) { return f(1); }
            void use(void) {
                stash = (void *)escapes;
                cb_t cb = (cb_t)callback;
                cb(0);
                run(same_type);
            }
            """);
        int Sig(string f) => p.Functions[p.FindFunction(f)].Signature;
        Assert.Equal(-1, Sig("escapes"));
        Assert.Equal(-1, Sig("same_type")); // same type as escapes: a call through int (*)(int) may reach either
        // callback is called through cb_t: the two types are merged.
        var call = p.Functions[p.FindFunction("use")].Code.Single(i => i.Op == OpCode.CallIndirect);
        Assert.Equal(Sig("callback"), call.Class);
        Assert.True(Sig("callback") >= 0);
        Assert.Equal(["callback", "escapes", "same_type"], p.AddressTakenFunctions!.Select(i => p.Functions[i].Name).Order().ToList());
    }

    [Fact]
    public void KthreadEntryPointsAreAddressTaken()
    {
        var p = CompileOk(Prelude + """
            struct task_struct;
            struct task_struct *kthread_run(int (*fn)(void *data), void *data, const char *name, ...);
            int worker(void *data) { return 0; }
            int helper(void) { return 1; }
            int main(void) { kthread_run(worker, NULL, "w"); return helper(); }
            """, catalog: Catalog);
        Assert.Equal(["worker"], p.AddressTakenFunctions!.Select(i => p.Functions[i].Name).ToList());
        Assert.NotNull(p.LocationClasses);
    }
}
