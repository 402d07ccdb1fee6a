using Lockstep.Language.Diagnostics;
using Lockstep.Language.Syntax;
using Lockstep.Language.Syntax.Ast;

namespace Lockstep.Language.Tests;

public class LexerTests
{
    private static List<Token> Lex(string text)
    {
        var bag = new DiagnosticBag();
        var tokens = Lexer.Tokenize("l.c", text, bag);
        Assert.False(bag.HasErrors);
        return tokens;
    }

    [Fact]
    public void TokensKindsAndLocations()
    {
        var tokens = Lex("int x = 0x1fUL; // c\n/* multi\nline */ s->a >>= 'q' \"s\\\"t\"");
        Assert.Equal(["int", "x", "=", "0x1fUL", ";", "s", "->", "a", ">>=", "'q'", "\"s\\\"t\""], tokens.Select(t => t.Text));
        Assert.Equal([TokenKind.Identifier, TokenKind.Identifier, TokenKind.Punctuator, TokenKind.Number, TokenKind.Punctuator,
            TokenKind.Identifier, TokenKind.Punctuator, TokenKind.Identifier, TokenKind.Punctuator, TokenKind.CharLiteral, TokenKind.StringLiteral], tokens.Select(t => t.Kind));
        Assert.Equal((3, 9), (tokens[5].Location.Line, tokens[5].Location.Column));
        Assert.True(tokens[5].AtLineStart);
        Assert.False(tokens[6].AtLineStart);
        Assert.True(tokens[0].AtLineStart);
    }

    [Fact]
    public void LineContinuationJoinsLines()
    {
        var tokens = Lex("#define A 1 + \\\n 2\nA");
        Assert.False(tokens.Single(t => t.Text == "2").AtLineStart);
        Assert.True(tokens.Last().AtLineStart);
    }

    [Theory]
    [InlineData("0", 0UL, false, false)]
    [InlineData("42u", 42UL, true, false)]
    [InlineData("0x7fffffffL", 0x7fffffffUL, false, true)]
    [InlineData("0777", 511UL, false, false)]
    [InlineData("18446744073709551615ULL", ulong.MaxValue, true, true)]
    [InlineData("0b101", 5UL, false, false)]
    public void IntegerLiterals(string text, ulong value, bool unsigned, bool isLong)
    {
        Assert.Null(Literals.TryParseInteger(text, out var v));
        Assert.Equal((value, unsigned, isLong), (v.Value, v.Unsigned, v.Long));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("0x1p3")]
    [InlineData("12abc")]
    [InlineData("99999999999999999999999")]
    public void BadIntegerLiterals(string text) => Assert.NotNull(Literals.TryParseInteger(text, out _));

    [Theory]
    [InlineData("'a'", 97)]
    [InlineData("'\\0'", 0)]
    [InlineData("'\\377'", -1)]
    [InlineData("'\\x7f'", 127)]
    [InlineData("'\\''", 39)]
    public void CharLiterals(string text, long value)
    {
        Assert.Null(Literals.TryParseChar(text, out var v));
        Assert.Equal(value, v);
    }
}

public class ParserTests
{
    private static TranslationUnitSyntax Parse(string text)
    {
        var bag = new DiagnosticBag();
        var unit = Parser.Parse(Lexer.Tokenize("p.c", text, bag), bag);
        Assert.False(bag.HasErrors, string.Join("\n", bag.Select(d => d.ToString())));
        return unit;
    }

    [Fact]
    public void DeclaratorsAreParsedInsideOut()
    {
        var unit = Parse("int *a[3]; int (*b)[3]; int (*fp)(int, char *); int (*table[2])(void);");
        var types = unit.Members.Cast<DeclarationSyntax>().Select(d => d.Declarators[0].Type).ToList();
        Assert.IsType<PointerTypeSyntax>(Assert.IsType<ArrayTypeSyntax>(types[0]).Element);
        Assert.IsType<ArrayTypeSyntax>(Assert.IsType<PointerTypeSyntax>(types[1]).Element);
        var fn = Assert.IsType<FunctionTypeSyntax>(Assert.IsType<PointerTypeSyntax>(types[2]).Element);
        Assert.Equal(2, fn.Parameters.Length);
        Assert.IsType<FunctionTypeSyntax>(Assert.IsType<PointerTypeSyntax>(Assert.IsType<ArrayTypeSyntax>(types[3]).Element).Element);
    }

    [Fact]
    public void TypedefNamesDisambiguateCastsAndDeclarations()
    {
        var unit = Parse("typedef int T; int f(int x) { T * y; (T)x; (x) * 2; return 0; }");
        var body = Assert.IsType<FunctionDefinitionSyntax>(unit.Members[1]).Body.Statements;
        Assert.IsType<DeclarationStatement>(body[0]);
        var cast = Assert.IsType<ExpressionStatement>(body[1]);
        Assert.IsType<CastExpression>(cast.Expression);
        var mul = Assert.IsType<ExpressionStatement>(body[2]);
        Assert.Equal("*", Assert.IsType<BinaryExpression>(mul.Expression).Operator);
    }

    [Fact]
    public void PrecedenceAndAssociativity()
    {
        var unit = Parse("int f(int a, int b, int c) { return a - b - c * 2 == 0 || a && b; }");
        var ret = Assert.IsType<ReturnStatement>(Assert.IsType<FunctionDefinitionSyntax>(unit.Members[0]).Body.Statements[0]);
        var or = Assert.IsType<BinaryExpression>(ret.Value);
        Assert.Equal("||", or.Operator);
        var eq = Assert.IsType<BinaryExpression>(or.Left);
        Assert.Equal("==", eq.Operator);
        var minus = Assert.IsType<BinaryExpression>(eq.Left);
        Assert.Equal("-", minus.Operator);
        Assert.Equal("-", Assert.IsType<BinaryExpression>(minus.Left).Operator);
        Assert.Equal("*", Assert.IsType<BinaryExpression>(minus.Right).Operator);
    }

    [Fact]
    public void DesignatedInitializersAreKept()
    {
        var unit = Parse("struct s { int a; struct { int b; } in; int arr[3]; } v = { .in.b = 1, [0] = 2, 3, .arr = { [2] = 4 } };");
        var init = Assert.IsType<InitializerList>(Assert.IsType<DeclarationSyntax>(unit.Members[0]).Declarators[0].Initializer);
        Assert.Equal(4, init.Items.Length);
        Assert.Equal(["in", "b"], init.Items[0].Designators.Select(d => d.Field));
        Assert.NotNull(init.Items[1].Designators[0].Index);
        Assert.Empty(init.Items[2].Designators);
    }

    [Fact]
    public void SwitchCaseLabelsAndGoto()
    {
        var unit = Parse("int f(int x) { switch (x) { case 1: case 2: return 1; default: break; } goto out; out: return 0; }");
        var body = Assert.IsType<FunctionDefinitionSyntax>(unit.Members[0]).Body.Statements;
        Assert.IsType<SwitchStatement>(body[0]);
        Assert.IsType<GotoStatement>(body[1]);
        Assert.Equal("out", Assert.IsType<LabeledStatement>(body[2]).Label);
    }
}
