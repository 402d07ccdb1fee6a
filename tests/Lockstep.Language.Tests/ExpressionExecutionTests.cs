using static Lockstep.Language.Tests.TestSupport;

namespace Lockstep.Language.Tests;

/// <summary>Each expression form compiled and run, checking the computed value (C semantics, 32-bit int).</summary>
public class ExpressionExecutionTests
{
    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("17 / 5", 3)]
    [InlineData("-17 / 5", -3)]
    [InlineData("17 % 5", 2)]
    [InlineData("-17 % 5", -2)]
    [InlineData("10 - 20", -10)]
    [InlineData("0x10 + 010 + 0b11", 27)]
    [InlineData("'a'", 97)]
    [InlineData("'\\n'", 10)]
    [InlineData("'\\x41'", 65)]
    [InlineData("6 & 3", 2)]
    [InlineData("6 | 3", 7)]
    [InlineData("6 ^ 3", 5)]
    [InlineData("~5", -6)]
    [InlineData("-(-5)", 5)]
    [InlineData("+5", 5)]
    [InlineData("!0", 1)]
    [InlineData("!7", 0)]
    [InlineData("1 << 4", 16)]
    [InlineData("-16 >> 2", -4)]
    [InlineData("3 < 4", 1)]
    [InlineData("4 <= 4", 1)]
    [InlineData("5 > 4", 1)]
    [InlineData("3 >= 4", 0)]
    [InlineData("3 == 3", 1)]
    [InlineData("3 != 3", 0)]
    [InlineData("1 ? 10 : 20", 10)]
    [InlineData("0 ? 10 : 20", 20)]
    [InlineData("(1, 2, 3)", 3)]
    [InlineData("sizeof(int)", 8)]
    [InlineData("sizeof(long)", 8)]
    [InlineData("true + true", 2)]
    [InlineData("false", 0)]
    public void ConstantExpressions(string expression, long expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("int a = 2147483647; a = a + 1; return a == -2147483647 - 1;", 1)]
    [InlineData("unsigned int u = 0; u = u - 1; return u == 4294967295u;", 1)]
    [InlineData("unsigned int u = 0; u--; return u > 0;", 1)]
    [InlineData("u8 b = 255; b++; return b;", 0)]
    [InlineData("char c = 127; c++; return c;", -128)]
    [InlineData("short s = 32767; s += 1; return s;", -32768)]
    [InlineData("int x = -1; unsigned int y = 1; return x < y;", 0)]
    [InlineData("int x = -1; long y = 1; return x < y;", 1)]
    [InlineData("unsigned long big = 1UL << 40; return big >> 38;", 4)]
    [InlineData("long l = 1L << 40; int i = l; return i;", 0)]
    [InlineData("unsigned int u = 0x80000000u; return u >> 31;", 1)]
    [InlineData("int i = 0x80000000; return i >> 31;", -1)]
    [InlineData("bool b = 5; return b;", 1)]
    [InlineData("_Bool b = 0; b = 256; return b;", 1)]
    [InlineData("int x = 7; x /= 2; x *= 3; x -= 1; x %= 4; return x;", 0)]
    [InlineData("int x = 1; x <<= 3; x |= 1; x &= 9; x ^= 8; x >>= 0; return x;", 1)]
    [InlineData("unsigned int u = 7; return -u > 0;", 1)]
    [InlineData("return (unsigned char)300;", 44)]
    [InlineData("return (signed char)200;", -56)]
    [InlineData("long x = (int)4294967295UL; return x;", -1)]
    [InlineData("u64 v = 0xffffffffffffffffULL; return v == (u64)-1;", 1)]
    [InlineData("return 0xffffffff == -1;", 1)]
    [InlineData("return 4294967295 == -1;", 0)]
    [InlineData("return -1 == 0xffffffffu;", 1)]
    public void IntegerSemantics(string body, long expected) => Assert.Equal(expected, RunMain("int main(void) { " + body + " }"));

    [Theory]
    [InlineData("int i = 5; int a = i++; return a * 10 + i;", 56)]
    [InlineData("int i = 5; int a = ++i; return a * 10 + i;", 66)]
    [InlineData("int i = 5; int a = i--; return a * 10 + i;", 54)]
    [InlineData("int i = 5; int a = --i; return a * 10 + i;", 44)]
    [InlineData("int a, b, c; a = b = c = 4; return a + b + c;", 12)]
    [InlineData("int x = 3; return (x = 9) + 1;", 10)]
    public void IncrementAndAssignment(string body, long expected) => Assert.Equal(expected, RunMain("int main(void) { " + body + " }"));

    [Fact]
    public void LogicalOperatorsShortCircuit()
    {
        Assert.Equal(1, RunMain("""
            int calls;
            int bump(void) { calls++; return 1; }
            int main(void) {
                int r = 0;
                r += 0 && bump();
                r += 1 || bump();
                r += (1 && bump()) * 10;
                r += (0 || bump()) * 100;
                return calls == 2 && r == 111;
            }
            """));
    }

    [Fact]
    public void LogicalValuesAreZeroOrOne() => Assert.Equal(11, Eval("(5 && 7) * 10 + (0 || 9)"));

    [Fact]
    public void ConditionalWithSideEffectsEvaluatesOneBranch()
    {
        Assert.Equal(21, RunMain("""
            int main(void) {
                int a = 0, b = 0;
                int r = a ? (b = 5) : (b = 2);
                r = r * 10 + (1 ? 1 : (a = 100));
                return r + a;
            }
            """));
    }

    [Fact]
    public void CommaEvaluatesLeftToRight() => Assert.Equal(23, RunMain("int main(void) { int x = 1; int y = (x = 2, x + 21); return y; }"));

    [Fact]
    public void Casts()
    {
        Assert.Equal(1, RunMain("""
            int main(void) {
                long l = -1;
                unsigned int u = (unsigned int)l;
                void *p = (void *)0;
                (void)u;
                return u == 4294967295u && (unsigned long)p == 0 && (int)(char)0x1ff == -1;
            }
            """));
    }

    [Fact]
    public void SizeofTypesAndExpressions()
    {
        Assert.Equal(1, RunMain("""
            struct pair { int a; long b; };
            struct with_array { int n; int items[4]; struct pair p; };
            union u { int a; struct pair p; };
            int main(void) {
                struct with_array w;
                int arr[3];
                return sizeof(struct pair) == 16 && sizeof(struct with_array) == 56 && sizeof w == 56
                    && sizeof(arr) == 24 && sizeof arr[0] == 8 && sizeof(union u) == 16 && sizeof(int *) == 8
                    && sizeof(char) == 8;
            }
            """));
    }

    [Fact]
    public void OffsetofAndContainerOf()
    {
        Assert.Equal(1, RunMain("""
            struct list_head { struct list_head *next, *prev; };
            struct kvm { int id; long pad; struct list_head link; int tail; };
            struct kvm vm = { .id = 7 };
            int main(void) {
                struct list_head *l = &vm.link;
                struct kvm *k = container_of(l, struct kvm, link);
                return offsetof(struct kvm, link) == 16 && offsetof(struct kvm, link.prev) == 24 && k == &vm && k->id == 7;
            }
            """));
    }

    [Fact]
    public void StringLiteralsArePointersThatCompare()
    {
        Assert.Equal(1, RunMain("""
            const char *name = "kvm";
            int main(void) {
                const char *a = "kvm";
                const char *b = "mm";
                return a == name && a != b && a != NULL;
            }
            """));
    }

    [Fact]
    public void CharArrayFromString() => Assert.Equal(1, RunMain("""
        char buf[8] = "ab";
        int main(void) { char l[] = "xyz"; return buf[0] == 'a' && buf[1] == 'b' && buf[2] == 0 && sizeof(l) == 32 && l[2] == 'z' && l[3] == 0; }
        """));
}
