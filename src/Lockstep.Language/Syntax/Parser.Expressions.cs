using System.Collections.Immutable;
using System.Text;
using Lockstep.Language.Syntax.Ast;

namespace Lockstep.Language.Syntax;

public sealed partial class Parser
{
    private static int BinaryPrecedence(string op) => op switch
    {
        "||" => 1, "&&" => 2, "|" => 3, "^" => 4, "&" => 5, "==" or "!=" => 6,
        "<" or ">" or "<=" or ">=" => 7, "<<" or ">>" => 8, "+" or "-" => 9, "*" or "/" or "%" => 10, _ => -1,
    };

    private static bool IsAssignmentOperator(string op) =>
        op is "=" or "+=" or "-=" or "*=" or "/=" or "%=" or "&=" or "|=" or "^=" or "<<=" or ">>=";

    public ExpressionSyntax ParseExpression()
    {
        var left = ParseAssignment();
        var commas = 0;
        while (Is(","))
        {
            var op = Next();
            Enter(op);
            commas++;
            left = new CommaExpression(op.Location, left, ParseAssignment());
        }
        _depth -= commas;
        return left;
    }

    private ExpressionSyntax ParseAssignment()
    {
        Enter(Current);
        try
        {
            var left = ParseConditional();
            if (Current.Kind == TokenKind.Punctuator && IsAssignmentOperator(Current.Text))
            {
                var op = Next();
                return new AssignmentExpression(op.Location, op.Text, left, ParseAssignment());
            }
            return left;
        }
        finally { Leave(); }
    }

    private ExpressionSyntax ParseConditional()
    {
        var cond = ParseBinary(0);
        if (!Is("?")) return cond;
        var q = Next();
        Enter(q);
        try
        {
            // GNU "a ?: b".
            var whenTrue = Is(":") ? cond : ParseExpression();
            Expect(":");
            var whenFalse = ParseConditional();
            return new ConditionalExpression(q.Location, cond, whenTrue, whenFalse);
        }
        finally { Leave(); }
    }

    private ExpressionSyntax ParseBinary(int minPrecedence)
    {
        var left = ParseCast();
        var entered = 0;
        try
        {
            while (Current.Kind == TokenKind.Punctuator && BinaryPrecedence(Current.Text) is var prec && prec > minPrecedence)
            {
                var op = Next();
                Enter(op);
                entered++;
                var right = ParseBinary(prec);
                left = new BinaryExpression(op.Location, op.Text, left, right);
            }
            return left;
        }
        finally { _depth -= entered; }
    }

    private ExpressionSyntax ParseCast()
    {
        if (Is("(") && StartsType(PeekAt(1)))
        {
            var open = Next();
            Enter(open);
            try
            {
                var type = ParseTypeName();
                Expect(")");
                if (Is("{")) throw Error(Current, "compound literals are not supported; declare a named variable and initialize it");
                return new CastExpression(open.Location, type, ParseCast());
            }
            finally { Leave(); }
        }
        return ParseUnary();
    }

    private ExpressionSyntax ParseUnary()
    {
        var t = Current;
        Enter(t);
        try
        {
            if (t.Kind == TokenKind.Punctuator)
            {
                switch (t.Text)
                {
                    case "++":
                    case "--":
                        Next();
                        return new UnaryExpression(t.Location, t.Text, ParseUnary());
                    case "-":
                    case "+":
                    case "~":
                    case "!":
                    case "*":
                    case "&":
                        Next();
                        return new UnaryExpression(t.Location, t.Text, ParseCast());
                    case "&&":
                        throw Error(t, "labels as values ('&&label') are not supported; use a switch");
                }
            }
            if (t.Kind == TokenKind.Identifier && t.Text is "sizeof" or "_Alignof" or "__alignof__")
            {
                Next();
                if (Is("(") && StartsType(PeekAt(1)))
                {
                    Next();
                    var type = ParseTypeName();
                    Expect(")");
                    if (Is("{")) throw Error(Current, "compound literals are not supported; declare a named variable and initialize it");
                    return t.Text == "sizeof" ? new SizeofTypeExpression(t.Location, type) : new IntegerLiteralExpression(t.Location, new IntegerLiteralValue(8, true, true, true), false);
                }
                var operand = ParseUnary();
                return t.Text == "sizeof" ? new SizeofExpression(t.Location, operand) : new IntegerLiteralExpression(t.Location, new IntegerLiteralValue(8, true, true, true), false);
            }
            return ParsePostfix(ParsePrimary());
        }
        finally { Leave(); }
    }

    private ExpressionSyntax ParsePostfix(ExpressionSyntax expr)
    {
        var entered = 0;
        try
        {
            while (true)
            {
                var t = Current;
                if (t.Kind != TokenKind.Punctuator) return expr;
                switch (t.Text)
                {
                    case "[":
                    {
                        Next();
                        var index = ParseExpression();
                        Expect("]");
                        expr = new IndexExpression(t.Location, expr, index);
                        break;
                    }
                    case "(":
                    {
                        Next();
                        var args = ImmutableArray.CreateBuilder<ExpressionSyntax>();
                        if (!Is(")"))
                        {
                            while (true)
                            {
                                args.Add(ParseAssignment());
                                if (!Accept(",")) break;
                            }
                        }
                        Expect(")");
                        expr = new CallExpression(expr.Location, expr, args.ToImmutable());
                        break;
                    }
                    case ".":
                    case "->":
                    {
                        Next();
                        var name = Next();
                        if (name.Kind != TokenKind.Identifier) throw Error(name, $"expected identifier{Describe(name)}");
                        expr = new MemberExpression(name.Location, expr, name.Text, t.Text == "->");
                        break;
                    }
                    case "++":
                    case "--":
                        Next();
                        expr = new PostfixExpression(t.Location, t.Text, expr);
                        break;
                    default:
                        return expr;
                }
                Enter(t);
                entered++;
            }
        }
        finally { _depth -= entered; }
    }

    private ExpressionSyntax ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Number:
            {
                Next();
                var err = Literals.TryParseInteger(t.Text, out var value);
                if (err is not null) throw Error(t, err);
                return new IntegerLiteralExpression(t.Location, value, false);
            }
            case TokenKind.CharLiteral:
            {
                Next();
                var err = Literals.TryParseChar(t.Text, out var value);
                if (err is not null) throw Error(t, err);
                return new IntegerLiteralExpression(t.Location, new IntegerLiteralValue(unchecked((ulong)value), false, false, true), true);
            }
            case TokenKind.StringLiteral:
            {
                var sb = new StringBuilder();
                while (Current.Kind == TokenKind.StringLiteral)
                {
                    var s = Next();
                    var err = Literals.TryParseString(s.Text, out var value);
                    if (err is not null) throw Error(s, err);
                    sb.Append(value);
                }
                return new StringLiteralExpression(t.Location, sb.ToString());
            }
            case TokenKind.Identifier:
                return ParseIdentifierPrimary(t);
            case TokenKind.Punctuator when t.Text == "(":
            {
                Next();
                if (Is("{"))
                {
                    Enter(t);
                    var body = ParseBlock();
                    Leave();
                    Expect(")");
                    return new StatementExpression(t.Location, body);
                }
                var inner = ParseExpression();
                Expect(")");
                return inner;
            }
            case TokenKind.Other:
                throw Error(t, $"unexpected character '{t.Text}'");
            case TokenKind.EndOfFile:
                throw Error(t, "expected expression at end of input");
            default:
                throw Error(t, "expected expression");
        }
    }

    private ExpressionSyntax ParseIdentifierPrimary(Token t)
    {
        switch (t.Text)
        {
            case "offsetof":
            case "__builtin_offsetof":
                if (IsAt(1, "("))
                {
                    Next();
                    Next();
                    var type = ParseTypeName();
                    Expect(",");
                    var path = ParseMemberPath();
                    Expect(")");
                    return new OffsetofExpression(t.Location, type, path);
                }
                break;
            case "container_of":
            case "container_of_const":
                if (IsAt(1, "("))
                {
                    Next();
                    Next();
                    var ptr = ParseAssignment();
                    Expect(",");
                    var type = ParseTypeName();
                    Expect(",");
                    var path = ParseMemberPath();
                    Expect(")");
                    return new ContainerOfExpression(t.Location, ptr, type, path);
                }
                break;
            case "__builtin_expect":
                if (IsAt(1, "("))
                {
                    Next();
                    Next();
                    var e = ParseAssignment();
                    Expect(",");
                    ParseAssignment();
                    Expect(")");
                    return e;
                }
                break;
            case "_Generic":
                throw Error(t, "'_Generic' is not supported; write the selected expression directly");
            case "__builtin_va_arg":
            case "va_arg":
            case "va_start":
                throw Error(t, "variadic function definitions are not supported; only Lockstep primitives may be variadic");
        }
        if (Keywords.Contains(t.Text) || BuiltinTypeWords.Contains(t.Text) || IsTypedefName(t.Text))
            throw Error(t, $"expected expression{Describe(t)}");
        Next();
        return new IdentifierExpression(t.Location, t.Text);
    }

    /// <summary>The member designator of offsetof/container_of: a.b[2].c</summary>
    private ImmutableArray<DesignatorSyntax> ParseMemberPath()
    {
        var path = ImmutableArray.CreateBuilder<DesignatorSyntax>();
        var first = Next();
        if (first.Kind != TokenKind.Identifier) throw Error(first, $"expected a member name{Describe(first)}");
        path.Add(new DesignatorSyntax(first.Location, first.Text, null));
        while (true)
        {
            if (Accept("."))
            {
                var n = Next();
                if (n.Kind != TokenKind.Identifier) throw Error(n, $"expected a member name{Describe(n)}");
                path.Add(new DesignatorSyntax(n.Location, n.Text, null));
            }
            else if (Is("["))
            {
                var b = Next();
                var index = ParseExpression();
                Expect("]");
                path.Add(new DesignatorSyntax(b.Location, null, index));
            }
            else break;
        }
        return path.ToImmutable();
    }
}
