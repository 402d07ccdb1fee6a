using System.Text;
using System.Text.RegularExpressions;
using Lockstep.Language.Lowering;
using Lockstep.Machine.Execution;

namespace Lockstep.Language.Tests;

/// <summary>
/// Mutates valid models (delete, duplicate, swap tokens; flip bytes; insert punctuation) with a fixed seed: every
/// case must end in a program or in diagnostics — never an exception or an internal compiler error.
/// </summary>
public partial class FuzzTests
{
    private const string Header = """
        #pragma once
        #define NULL ((void *)0)
        #define LOCKSTEP_INVARIANT(name) static bool __lockstep_invariant_##name(void)
        #define READ_ONCE(x) (x)
        #define WRITE_ONCE(x, v) ((x) = (v))
        #define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
        #define pr_info(fmt, ...) printk(fmt, ##__VA_ARGS__)
        typedef struct { int locked; } spinlock_t;
        void spin_lock(spinlock_t *l);
        void spin_unlock(spinlock_t *l);
        int printk(const char *fmt, ...);
        struct list_head { struct list_head *next, *prev; };
        """;

    private static readonly string[] Seeds =
    [
        """
        #include "fuzz.h"
        struct range { unsigned long start, end; };
        struct sub;
        struct ops { int (*start)(struct sub *s, const struct range *r); void (*release)(struct sub *s); };
        struct sub { const struct ops *ops; struct list_head link; int count; };
        static spinlock_t lock;
        static int kvm_start(struct sub *s, const struct range *r) { s->count += r->end - r->start; return 0; }
        static void kvm_release(struct sub *s) { s->count = -1; }
        static const struct ops kvm_ops = { .start = kvm_start, .release = kvm_release };
        struct sub subs[2] = { [0] = { .ops = &kvm_ops }, [1] = { &kvm_ops } };
        LOCKSTEP_INVARIANT(count_ok) { return subs[0].count >= -1; }
        int main(void) {
            struct range r = { 1, 5 };
            int i, err = 0;
            spin_lock(&lock);
            for (i = 0; i < 2; i++) {
                err = subs[i].ops->start(&subs[i], &r);
                if (err) goto out;
            }
            pr_info("done %d\n", subs[0].count);
        out:
            spin_unlock(&lock);
            return err;
        }
        """,
        """
        #define MAX 4
        #if MAX > 2
        enum state { IDLE, RUNNING = 3, DONE };
        #else
        #error too small
        #endif
        typedef unsigned long u64;
        union val { long l; int parts[2]; };
        struct node { int key; struct node *next; };
        struct node pool[MAX];
        u64 flags;
        static int sum(struct node *n) { int s = 0; while (n) { s += n->key; n = n->next; } return s; }
        int classify(enum state s) {
            switch (s) {
            case IDLE: return 0;
            case RUNNING:
            case DONE: return 1;
            default: break;
            }
            return -1;
        }
        int main(void) {
            union val v;
            int *p = &pool[1].key, k = 0;
            char name[8] = "node";
            v.l = 3;
            do { pool[k].key = k * 2; pool[k].next = k + 1 < MAX ? &pool[k + 1] : 0; } while (++k < MAX);
            flags |= 1UL << 3;
            *p += (int)sizeof(struct node) / 8 + offsetof(struct node, next);
            return sum(pool) + classify(DONE) + v.parts[0] + (flags >> 3) + name[0] - (p - &pool[0].key) + !flags ? 1 : 0;
        }
        """,
        """
        struct list_head { struct list_head *next, *prev; };
        struct item { int v; struct list_head link; };
        static struct list_head head = { &head, &head };
        static struct item items[3];
        static void list_add(struct list_head *n, struct list_head *h) { n->next = h->next; n->prev = h; h->next->prev = n; h->next = n; }
        int main(void) {
            struct list_head *pos;
            int total = 0, i;
            for (i = 0; i < 3; i++) { items[i].v = i + 1; list_add(&items[i].link, &head); }
            for (pos = head.next; pos != &head; pos = pos->next)
                total += container_of(pos, struct item, link)->v;
            return total == 6 ? 0 : 1;
        }
        """,
    ];

    [GeneratedRegex(@"\s+|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|""(\\.|[^""\\])*""|'(\\.|[^'\\])*'|->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||##|\.\.\.|[+\-*/%&|^]=|.", RegexOptions.Singleline)]
    private static partial Regex TokenPattern();

    [Fact]
    public void SeedsCompile()
    {
        var catalog = new NameSetCatalog(["spin_lock", "spin_unlock", "printk"]);
        foreach (var seed in Seeds)
        {
            var result = ModelCompiler.Compile(ModelSource.FromText(seed, "fuzz.c"), Options, catalog);
            Assert.True(result.Success, result.FormatDiagnostics());
        }
    }

    private static readonly CompilerOptions Options = new()
    {
        FileProvider = new Lockstep.Language.Text.InMemoryFileProvider().Add("fuzz.h", Header),
    };

    [Fact]
    public void MutatedModelsNeverCrashTheFrontEnd()
    {
        var random = new Random(int.Parse(Environment.GetEnvironmentVariable("FUZZ_SEED") ?? "20240611"));
        var catalog = new NameSetCatalog(["spin_lock", "spin_unlock", "printk"]);
        string[] inserts = ["{", "}", "(", ")", "[", "]", ";", ",", "*", "&", "#", "##", "\"", "'", "/*", "\\", "0x", "1e5", "...", "->", "int", "struct", "goto", "case", "default:", "#if 1", "#define X X X", "sizeof", "\n#", "=", "?", ":"];
        int cases = int.Parse(Environment.GetEnvironmentVariable("FUZZ_CASES") ?? "2500");
        var succeeded = 0;
        for (var n = 0; n < cases; n++)
        {
            var seed = Seeds[n % Seeds.Length];
            var tokens = TokenPattern().Matches(seed).Select(m => m.Value).ToList();
            var mutations = 1 + random.Next(3);
            for (var m = 0; m < mutations && tokens.Count > 1; m++)
            {
                var i = random.Next(tokens.Count);
                switch (random.Next(6))
                {
                    case 0: tokens.RemoveAt(i); break;
                    case 1: tokens.Insert(i, tokens[i]); break;
                    case 2:
                    {
                        var j = random.Next(tokens.Count);
                        (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                        break;
                    }
                    case 3:
                    {
                        var t = tokens[i];
                        if (t.Length == 0) break;
                        var chars = t.ToCharArray();
                        var k = random.Next(chars.Length);
                        chars[k] = (char)(chars[k] ^ (1 << random.Next(7)));
                        tokens[i] = new string(chars);
                        break;
                    }
                    case 4: tokens.Insert(i, " " + inserts[random.Next(inserts.Length)] + " "); break;
                    default: tokens.RemoveRange(i, Math.Min(tokens.Count - i, 1 + random.Next(8))); break;
                }
            }
            var text = string.Concat(tokens);
            CompilationResult result;
            try
            {
                result = ModelCompiler.Compile(ModelSource.FromText(text, "fuzz.c"), Options, catalog);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {n} threw {e}\n--- input ---\n{text}");
                return;
            }
            var internalError = result.Diagnostics.FirstOrDefault(d => d.Message.StartsWith("internal compiler error", StringComparison.Ordinal));
            Assert.True(internalError is null, $"case {n}: {internalError}\n--- input ---\n{text}");
            if (result.Success) succeeded++;
            else Assert.Contains(result.Diagnostics, d => d.IsError && d.Line >= 0);
        }
        Assert.InRange(succeeded, 1, cases - 1);
    }

    [Fact]
    public void RandomBytesNeverCrashTheFrontEnd()
    {
        var random = new Random(7);
        for (var n = 0; n < 500; n++)
        {
            var sb = new StringBuilder();
            var length = random.Next(200);
            for (var i = 0; i < length; i++) sb.Append((char)random.Next(1, 128));
            var result = ModelCompiler.CompileText(sb.ToString(), "bytes.c");
            Assert.DoesNotContain(result.Diagnostics, d => d.Message.StartsWith("internal compiler error", StringComparison.Ordinal));
            Assert.False(result.Success);
        }
    }

    [Fact]
    public void DeepNestingIsADiagnosticNotAStackOverflow()
    {
        var deep = "int main(void) { return " + new string('(', 5000) + "1" + new string(')', 5000) + "; }";
        var result = ModelCompiler.CompileText(deep);
        Assert.Contains(result.Errors, d => d.Message == "expression or statement nested too deeply");
        var chain = "int main(void) { return 1" + string.Concat(Enumerable.Repeat(" + 1", 20000)) + "; }";
        Assert.False(ModelCompiler.CompileText(chain).Success);
        var blocks = "int main(void) " + new string('{', 3000) + new string('}', 3000);
        Assert.False(ModelCompiler.CompileText(blocks).Success);
    }

    [Fact]
    public void ExponentialMacrosAreStopped()
    {
        var sb = new StringBuilder("#define A0 x\n");
        for (var i = 1; i < 30; i++) sb.Append($"#define A{i} A{i - 1} A{i - 1}\n");
        sb.Append("int main(void) { A29; return 0; }\n");
        var result = ModelCompiler.CompileText(sb.ToString());
        Assert.False(result.Success);
    }

    [Fact]
    public void SelfIncludeIsBounded()
    {
        var files = new Lockstep.Language.Text.InMemoryFileProvider().Add("self.h", "#include \"self.h\"\n");
        var result = ModelCompiler.CompileText("#include \"self.h\"\nint main(void) { return 0; }", "m.c", new CompilerOptions { FileProvider = files });
        Assert.Contains(result.Errors, d => d.Message.Contains("nested depth"));
    }
}

public class ResourceLimitTests
{
    [Theory]
    [InlineData("int a[2000000];\nint main(void) { return 0; }", "array is too large (2000000 elements); the model state must stay small")]
    [InlineData("struct big { int a[1000000]; int b[1000000]; };\nint main(void) { return 0; }", "'struct big' is too large; the model state must stay small")]
    [InlineData("struct s { int a[1000]; };\nstruct s arr[] = { [5000] = { 1 } };\nint main(void) { return 0; }", "array is too large")]
    [InlineData("int a[] = { [2000000] = 1 };\nint main(void) { return 0; }", "array designator index (2000000) exceeds array bounds (2147483647)")]
    public void HugeObjectsAreDiagnostics(string code, string message)
    {
        var result = ModelCompiler.CompileText(code);
        Assert.Contains(result.Errors, d => d.Message == message);
    }
}
