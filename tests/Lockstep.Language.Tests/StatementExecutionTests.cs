using static Lockstep.Language.Tests.TestSupport;

namespace Lockstep.Language.Tests;

/// <summary>Each statement form compiled and run.</summary>
public class StatementExecutionTests
{
    [Fact]
    public void IfElseChains() => Assert.Equal(321, RunMain("""
        int classify(int x) { if (x < 0) return 1; else if (x == 0) return 2; else return 3; }
        int main(void) { return classify(5) * 100 + classify(0) * 10 + classify(-4); }
        """));

    [Fact]
    public void WhileLoop() => Assert.Equal(55, RunMain("int main(void) { int i = 0, s = 0; while (i < 10) { i++; s += i; } return s; }"));

    [Fact]
    public void DoWhileRunsAtLeastOnce() => Assert.Equal(1, RunMain("int main(void) { int n = 0; do { n++; } while (0); return n; }"));

    [Fact]
    public void ForWithDeclarationBreakContinue() => Assert.Equal(25, RunMain("""
        int main(void) {
            int s = 0;
            for (int i = 0; ; i++) {
                if (i >= 10) break;
                if (i % 2 == 0) continue;
                s += i;
            }
            return s;
        }
        """));

    [Fact]
    public void ForWithEmptyClauses() => Assert.Equal(3, RunMain("int main(void) { int i = 0; for (;;) { if (++i == 3) break; } return i; }"));

    [Fact]
    public void NestedLoopsBreakInnerOnly() => Assert.Equal(9, RunMain("""
        int main(void) {
            int n = 0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 10; j++) { if (j == 3) break; n++; }
            return n;
        }
        """));

    [Fact]
    public void SwitchWithFallthroughDefaultAndBreak() => Assert.Equal(1, RunMain("""
        int f(int x) {
            int r = 0;
            switch (x) {
            case 1:
                r += 1;
            case 2:
                r += 10;
                break;
            case 3: {
                r = 300;
                break;
            }
            default:
                r = -1;
            }
            return r;
        }
        enum color { RED, GREEN = 5, BLUE };
        int g(enum color c) { switch (c) { case RED: return 1; case BLUE: return 6; } return 0; }
        int main(void) {
            return f(1) == 11 && f(2) == 10 && f(3) == 300 && f(9) == -1 && g(BLUE) == 6 && g(RED) == 1 && g(GREEN) == 0;
        }
        """));

    [Fact]
    public void SwitchDefaultInTheMiddleAndContinueInsideSwitch() => Assert.Equal(1, RunMain("""
        int main(void) {
            int odd = 0, other = 0;
            for (int i = 0; i < 6; i++) {
                switch (i % 3) {
                default:
                    other++;
                    break;
                case 1:
                    odd++;
                    continue;
                }
            }
            return odd == 2 && other == 4;
        }
        """));

    [Fact]
    public void GotoErrorUnwindOutOfNestedBlocks() => Assert.Equal(1, RunMain("""
        int undone;
        int setup(int fail_at) {
            int err = 0;
            {
                if (fail_at == 1) { err = -12; goto out; }
                {
                    if (fail_at == 2) { err = -22; goto undo_first; }
                }
            }
            return 0;
        undo_first:
            undone++;
        out:
            return err;
        }
        int main(void) { return setup(0) == 0 && setup(1) == -12 && setup(2) == -22 && undone == 1; }
        """));

    [Fact]
    public void GotoBackwardsMakesALoop() => Assert.Equal(5, RunMain("int main(void) { int n = 0; again: n++; if (n < 5) goto again; return n; }"));

    [Fact]
    public void BlockScopesShadow() => Assert.Equal(12, RunMain("int main(void) { int x = 1; { int x = 10; x++; if (x != 11) return 0; } { int x; x = 11; } return x + 11; }"));

    [Fact]
    public void LocalsAreZeroInitialisedAndResetPerDeclaration() => Assert.Equal(0, RunMain("""
        int main(void) {
            int sum = 0;
            for (int i = 0; i < 3; i++) { int z; sum += z; z = 7; }
            return sum;
        }
        """));

    [Fact]
    public void RecursionAndMutualRecursion() => Assert.Equal(1, RunMain("""
        int is_odd(int n);
        int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
        int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }
        int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
        int main(void) { return is_even(10) && is_odd(7) && fact(10) == 3628800; }
        """));

    [Fact]
    public void VoidFunctionsAndEarlyReturn() => Assert.Equal(3, RunMain("""
        int g;
        void set(int v) { if (v > 5) return; g = v; }
        int main(void) { set(3); set(9); return g; }
        """));

    [Fact]
    public void ReachingEndOfNonVoidFunctionTraps()
    {
        var program = CompileOk(Prelude + "int f(int x) { if (x) return 1; }\nint main(void) { return f(0); }");
        var run = SingleThreadRunner.Run(program);
        Assert.NotNull(run.Error);
    }

    [Fact]
    public void MainWithoutReturnReturnsZero() => Assert.Equal(0, RunMain("int g; int main(void) { g = 1; }"));

    [Fact]
    public void EmptyStatementsAndExpressionStatements() => Assert.Equal(2, RunMain("int main(void) { int x = 1; ; x + 1; x++; ;; return x; }"));
}
