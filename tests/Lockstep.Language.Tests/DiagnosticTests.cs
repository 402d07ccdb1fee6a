using static Lockstep.Language.Tests.TestSupport;

namespace Lockstep.Language.Tests;

/// <summary>Malformed models: each gives exactly this first error at this line and column.</summary>
public class DiagnosticTests
{
    public static TheoryData<string, string, int, int> Cases => new()
    {
        { "int main(void) {\n  return x;\n}", "use of undeclared identifier 'x'", 2, 10 },
        { "struct kvm { int a; };\nint main(void) {\n  struct kvm k;\n  return k.mn;\n}", "no member named 'mn' in 'struct kvm'", 4, 12 },
        { "struct kvm { int a; };\nstruct kvm *vm;\nint main(void) {\n  return vm->mn_active_invalidate_count;\n}", "no member named 'mn_active_invalidate_count' in 'struct kvm'", 4, 14 },
        { "int f(int a, int b) { return a; }\nint main(void) {\n  return f(1, 2, 3);\n}", "too many arguments to function call, expected 2, have 3", 3, 18 },
        { "int f(int a, int b) { return a; }\nint main(void) {\n  return f(1);\n}", "too few arguments to function call, expected 2, have 1", 3, 10 },
        { "struct s { int a; };\nstruct s v;\nint main(void) {\n  int x;\n  x = v;\n  return 0;\n}", "assigning to 'int' from incompatible type 'struct s'", 5, 7 },
        { "int main(void) {\n  int *p = 5;\n  return 0;\n}", "incompatible integer to pointer conversion initializing 'int *' with an expression of type 'int'", 2, 12 },
        { "int g;\nint main(void) {\n  int x = &g;\n  return x;\n}", "incompatible pointer to integer conversion initializing 'int' with an expression of type 'int *'", 3, 11 },
        { "void f(int *p) {}\nint main(void) {\n  f(3);\n  return 0;\n}", "incompatible integer to pointer conversion passing 'int' to parameter of type 'int *'", 3, 5 },
        { "struct s { int a; };\nstruct s v;\nint f(void) {\n  return v;\n}\nint main(void) { return 0; }", "returning 'struct s' from a function with incompatible result type 'int'", 4, 10 },
        { "float x;\nint main(void) { return 0; }", "floating-point types are not supported ('float'); use an integer type (for example a fixed-point count)", 1, 1 },
        { "int main(void) {\n  return 1.5;\n}", "floating-point literals are not supported; the model language has integers only (scale to an integer unit)", 2, 10 },
        { "struct s {\n  int a : 3;\n};\nint main(void) { return 0; }", "bit-fields are not supported; use a separate integer field (or an unsigned long flags word with set_bit/test_bit)", 2, 7 },
        { "int main(void) {\n  int n = 3;\n  int a[n];\n  return 0;\n}", "variable-length arrays are not supported; use a fixed-size array", 3, 9 },
        { "int f(a, b)\nint a; int b;\n{ return a; }\nint main(void) { return 0; }", "K&R-style function definitions are not supported; declare the parameter types in the parameter list, e.g. 'int f(int a, int b)'", 1, 7 },
        { "int main(void) {\n  asm(\"nop\");\n  return 0;\n}", "inline assembly is not supported; model the effect in C or with a Lockstep primitive", 2, 3 },
        { "struct s { int a; };\nint f(struct s v) { return 0; }\nint main(void) { return 0; }", "passing structs by value is not supported; pass a pointer ('struct s *') instead", 2, 16 },
        { "struct s { int a; };\nstruct s f(void);\nint main(void) { return 0; }", "returning structs by value is not supported; return a pointer, or fill in a struct passed by pointer", 2, 11 },
        { "int main(void) {\n  int x = 1\n  return x;\n}", "expected ';' at end of declaration", 2, 12 },
        { "int main(void) {\n  int x;\n  x = 1\n}", "expected ';' after expression", 3, 8 },
        { "int main(void) {\n  return (1 + 2;\n}", "expected ')' before ';'", 2, 16 },
        { "int main(void) {\n  break;\n}", "'break' statement not in loop or switch statement", 2, 3 },
        { "int main(void) {\n  continue;\n}", "'continue' statement not in loop statement", 2, 3 },
        { "int main(void) {\n  goto out;\n}", "use of undeclared label 'out'", 2, 3 },
        { "int main(void) {\nout:\nout:\n  return 0;\n}", "redefinition of label 'out'", 3, 1 },
        { "int main(void) {\n  int x;\n  int x;\n  return 0;\n}", "redefinition of 'x'", 3, 7 },
        { "int f(void) { return 1; }\nint g = f();\nint main(void) { return 0; }", "initializer element is not a compile-time constant", 2, 9 },
        { "int a = 1;\nint b = a + 1;\nint main(void) { return 0; }", "initializer element is not a compile-time constant", 2, 11 },
        { "int main(void) {\n  return foo(1);\n}", "call to undeclared function 'foo'; ISO C99 and later do not support implicit function declarations", 2, 10 },
        { "int x;\nint main(void) {\n  return x(1);\n}", "called object type 'int' is not a function or function pointer", 3, 10 },
        { "int main(void) {\n  int x = 1;\n  return *x;\n}", "indirection requires pointer operand ('int' invalid)", 3, 10 },
        { "struct s { int a; };\nint main(void) {\n  struct s v;\n  return v->a;\n}", "member reference type 'struct s' is not a pointer; did you mean to use '.'?", 4, 13 },
        { "struct s { int a; };\nint main(void) {\n  struct s *p = 0;\n  return p.a;\n}", "member reference type 'struct s *' is a pointer; did you mean to use '->'?", 4, 12 },
        { "int main(void) {\n  1 = 2;\n  return 0;\n}", "expression is not assignable", 2, 5 },
        { "const int c = 1;\nint main(void) {\n  c = 2;\n  return 0;\n}", "cannot assign to variable 'c' with const-qualified type 'const int'", 3, 5 },
        { "int x;\n", "the model has no 'int main(void)': it is the entry point, the thread that runs first", 1, 1 },
        { "int main(void) { return 0; }\n/* oops", "unterminated /* comment", 2, 1 },
        { "int main(void) {\n  const char *s = \"abc;\n  return 0;\n}", "missing terminating '\"' character", 2, 19 },
        { "#if 1\nint main(void) { return 0; }", "unterminated conditional directive", 1, 1 },
        { "#endif\nint main(void) { return 0; }", "#endif without #if", 1, 2 },
        { "#define F(a, b) a\nint main(void) { return F(1); }", "too few arguments provided to function-like macro invocation 'F' (expected 2, have 1)", 2, 28 },
        { "int main(void) {\n  switch (1) { case 1: case 1: break; }\n  return 0;\n}", "duplicate case value '1'", 2, 29 },
        { "void f(void) {\n  return 1;\n}\nint main(void) { return 0; }", "void function 'f' should not return a value", 2, 10 },
        { "int f(void) {\n  return;\n}\nint main(void) { return 0; }", "non-void function 'f' should return a value", 2, 3 },
        { "int f(int);\nlong f(int);\nint main(void) { return 0; }", "conflicting types for 'f'", 2, 6 },
        { "struct s { int a; };\nstruct s v;\nint main(void) {\n  return v + 1;\n}", "invalid operands to binary expression ('struct s' and 'int')", 4, 12 },
        { "int a[2] = { 1, 2, 3 };\nint main(void) { return 0; }", "excess elements in array initializer", 1, 20 },
        { "struct s { int a; };\nstruct s v = { .b = 1 };\nint main(void) { return 0; }", "field designator 'b' does not refer to any field in type 'struct s'", 2, 17 },
        { "foo_t x;\nint main(void) { return 0; }", "unknown type name 'foo_t'", 1, 1 },
        { "int f(int a, ...) {\n  return a;\n}\nint main(void) { return 0; }", "variadic function definitions are not supported; only Lockstep primitives (prototypes without a body) may be variadic", 1, 5 },
        { "typedef struct { int locked; } spinlock_t;\nspinlock_t l;\nint main(void) {\n  return l.owner;\n}", "no member named 'owner' in 'spinlock_t'", 4, 12 },
        { "int __lockstep_invariant_bad(void) { return 1; }\nint main(void) { return 0; }", "invariant 'bad' must be declared 'bool __lockstep_invariant_bad(void)' (use LOCKSTEP_INVARIANT(bad))", 1, 5 },
        { "struct s;\nint main(void) {\n  return sizeof(struct s);\n}", "invalid application of 'sizeof' to an incomplete type 'struct s'", 3, 10 },
        { "struct p { int a; };\nint main(void) {\n  struct p v;\n  v = (struct p){ 1 };\n  return 0;\n}", "compound literals are not supported; declare a named variable and initialize it", 4, 17 },
        { "unsigned signed int x;\nint main(void) { return 0; }", "invalid combination of type specifiers 'unsigned signed int'", 1, 1 },
        { "struct s { int a; }\nint main(void) { return 0; }", "expected ';' after struct", 1, 20 },
        { "#include \"missing.h\"\nint main(void) { return 0; }", "'missing.h' file not found", 1, 10 },
        { "#define X(a\nint main(void) { return 0; }", "missing ')' in macro parameter list", 1, 12 },
        { "#if 1 +\n#endif\nint main(void) { return 0; }", "expected value in expression", 1, 7 },
        { "#if 1 / 0\n#endif\nint main(void) { return 0; }", "division by zero in preprocessor expression", 1, 7 },
        { "#foo\nint main(void) { return 0; }", "invalid preprocessing directive '#foo'", 1, 2 },
        { "int main(void) {\n  int x = 08;\n  return x;\n}", "invalid digit '8' in octal constant", 2, 11 },
        { "int main(void) {\n  return 5 @ 3;\n}", "expected ';' after return statement", 2, 11 },
        { "int main(void) {\n  int a[3];\n  a = 0;\n  return 0;\n}", "array type 'int [3]' is not assignable", 3, 5 },
        { "int main(void) {\n  _Atomic int x;\n  return 0;\n}", "'_Atomic' is not supported; use atomic_t with the atomic_*() primitives", 2, 3 },
        { "int main(void) {\n  void *p = 0;\n  return *p;\n}", "indirection of a 'void *' pointer; cast it to a pointer to the object's type first", 3, 10 },
        { "int x = 1;\nint x = 2;\nint main(void) { return 0; }", "redefinition of 'x'", 2, 5 },
        { "int main(void) {\n  case 1: return 0;\n}", "'case' statement not in switch statement", 2, 3 },
        { "_Static_assert(sizeof(long) == 4, \"long is 4 bytes\");\nint main(void) { return 0; }", "static assertion failed: long is 4 bytes", 1, 1 },
        { "int main(void) {\n  int n = 1;\n  _Static_assert(n, \"x\");\n  return 0;\n}", "static assertion expression is not an integral constant expression", 3, 18 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsExactFirstError(string code, string message, int line, int column)
    {
        var d = SingleError(code);
        Assert.Equal((message, line, column), (d.Message, d.Line, d.Column));
        Assert.Equal("test.c", d.File);
        Assert.StartsWith($"test.c:{line}:{column}: error: {message}", d.ToString());
    }

    [Fact]
    public void SeveralErrorsAreAllReported()
    {
        var result = Compile("int main(void) {\n  int a = b;\n  int c = d;\n  return e;\n}");
        Assert.Equal(["b", "d", "e"], result.Errors.Select(d => d.Message.Split('\'')[1]).ToArray());
    }

    [Fact]
    public void ParserRecoversAfterABrokenDeclaration()
    {
        var result = Compile("int x = ;\nint y = 2 +;\nint main(void) { return z; }");
        Assert.Equal(2, result.Errors.Count());
        Assert.Equal([1, 2], result.Errors.Select(d => d.Line).ToArray());
    }
}
