using System.Collections.Immutable;
using Lockstep.Language.Syntax.Ast;

namespace Lockstep.Language.Syntax;

public sealed partial class Parser
{
    private BlockStatement ParseBlock()
    {
        var open = Expect("{");
        PushScope();
        var items = ImmutableArray.CreateBuilder<StatementSyntax>();
        while (!Is("}"))
        {
            if (AtEnd) { PopScope(); throw Error(open, "expected '}' to match this '{'"); }
            if (_diagnostics.IsFull) throw new ParseAbortException();
            var before = _pos;
            var depth = _depth;
            var scopes = _typedefScopes.Count;
            try
            {
                items.Add(ParseBlockItem());
            }
            catch (ParseAbortException)
            {
                _depth = depth;
                while (_typedefScopes.Count > scopes) PopScope();
                if (!SkipStatement(before)) { PopScope(); throw; }
            }
        }
        var close = Next();
        PopScope();
        return new BlockStatement(open.Location, items.ToImmutable(), close.Location);
    }

    /// <summary>After an error in a statement, skips to its end; false when the block itself ended badly.</summary>
    private bool SkipStatement(int startedAt)
    {
        if (_pos == startedAt && !Is("}")) Next();
        var depth = 0;
        while (!AtEnd)
        {
            if (Is("{")) depth++;
            else if (Is("}"))
            {
                if (depth == 0) return true; // the enclosing block's '}'
                depth--;
                if (depth == 0) { Next(); return true; }
            }
            else if (Is(";") && depth == 0) { Next(); return true; }
            Next();
        }
        return false;
    }

    private StatementSyntax ParseBlockItem()
    {
        if (Is("_Static_assert") || Is("static_assert"))
        {
            var at = Current.Location;
            return new StaticAssertStatement(at, ParseStaticAssert());
        }
        if (StartsDeclaration())
        {
            var at = Current.Location;
            return new DeclarationStatement(at, ParseLocalDeclaration());
        }
        return ParseStatement();
    }

    private bool StartsDeclaration()
    {
        var t = Current;
        if (!StartsType(t)) return Is("_Static_assert");
        // "T:" is a label even when T is a typedef name.
        if (IsTypedefName(t.Text) && IsAt(1, ":")) return false;
        return true;
    }

    private StatementSyntax ParseStatement()
    {
        var t = Current;
        Enter(t);
        try
        {
            if (t.Kind == TokenKind.Identifier)
            {
                switch (t.Text)
                {
                    case "if":
                    {
                        Next();
                        Expect("(");
                        var cond = ParseExpression();
                        Expect(")");
                        var then = ParseSubStatement();
                        StatementSyntax? els = null;
                        if (Accept("else")) els = ParseSubStatement();
                        return new IfStatement(t.Location, cond, then, els);
                    }
                    case "while":
                    {
                        Next();
                        Expect("(");
                        var cond = ParseExpression();
                        Expect(")");
                        return new WhileStatement(t.Location, cond, ParseSubStatement());
                    }
                    case "do":
                    {
                        Next();
                        var body = ParseSubStatement();
                        Expect("while");
                        Expect("(");
                        var cond = ParseExpression();
                        Expect(")");
                        ExpectSemicolon("do/while statement");
                        return new DoWhileStatement(t.Location, body, cond);
                    }
                    case "for":
                    {
                        Next();
                        Expect("(");
                        PushScope();
                        try
                        {
                            StatementSyntax? init = null;
                            if (StartsDeclaration()) init = new DeclarationStatement(Current.Location, ParseLocalDeclaration());
                            else if (!Accept(";"))
                            {
                                var e = ParseExpression();
                                init = new ExpressionStatement(e.Location, e);
                                Expect(";");
                            }
                            var cond = Is(";") ? null : ParseExpression();
                            Expect(";");
                            var step = Is(")") ? null : ParseExpression();
                            Expect(")");
                            var body = ParseSubStatement();
                            return new ForStatement(t.Location, init, cond, step, body);
                        }
                        finally { PopScope(); }
                    }
                    case "switch":
                    {
                        Next();
                        Expect("(");
                        var value = ParseExpression();
                        Expect(")");
                        return new SwitchStatement(t.Location, value, ParseSubStatement());
                    }
                    case "case":
                    {
                        Next();
                        var value = ParseConditional();
                        if (Is("...")) throw Error(Current, "GNU case ranges are not supported; list each case");
                        Expect(":");
                        return new CaseStatement(t.Location, value, ParseLabelTarget());
                    }
                    case "default":
                        Next();
                        Expect(":");
                        return new CaseStatement(t.Location, null, ParseLabelTarget());
                    case "break":
                        Next();
                        ExpectSemicolon("break statement");
                        return new BreakStatement(t.Location);
                    case "continue":
                        Next();
                        ExpectSemicolon("continue statement");
                        return new ContinueStatement(t.Location);
                    case "return":
                    {
                        Next();
                        var value = Is(";") ? null : ParseExpression();
                        ExpectSemicolon("return statement");
                        return new ReturnStatement(t.Location, value);
                    }
                    case "goto":
                    {
                        Next();
                        if (Is("*")) throw Error(Current, "computed goto is not supported; use a switch");
                        var label = Next();
                        if (label.Kind != TokenKind.Identifier) throw Error(label, $"expected identifier{Describe(label)}");
                        ExpectSemicolon("goto statement");
                        return new GotoStatement(t.Location, label.Text);
                    }
                    case "asm":
                    case "__asm__":
                    case "__asm":
                        throw Error(t, "inline assembly is not supported; model the effect in C or with a Lockstep primitive");
                    case "else":
                        throw Error(t, "expected expression");
                }
                if (IsAt(1, ":") && !Keywords.Contains(t.Text))
                {
                    Next();
                    Next();
                    SkipAttributes();
                    return new LabeledStatement(t.Location, t.Text, ParseLabelTarget());
                }
            }
            if (Is("{")) return ParseBlock();
            if (Accept(";")) return new EmptyStatement(t.Location);
            var expr = ParseExpression();
            ExpectSemicolon("expression");
            return new ExpressionStatement(expr.Location, expr);
        }
        finally { Leave(); }
    }

    /// <summary>The statement after a label; a label at the end of a block or before a declaration labels an empty statement (C23).</summary>
    private StatementSyntax ParseLabelTarget()
    {
        if (Is("}")) return new EmptyStatement(Current.Location);
        if (StartsDeclaration()) return new EmptyStatement(Current.Location);
        return ParseStatement();
    }

    /// <summary>A statement that is the body of if/while/for: declarations there get their own scope.</summary>
    private StatementSyntax ParseSubStatement()
    {
        if (StartsDeclaration() && !Is("_Static_assert"))
            throw Error(Current, "a declaration is not a statement; wrap it in braces");
        return ParseStatement();
    }

    /// <summary>An error placed just after the previous token, as clang places a missing ';'.</summary>
    private Exception ErrorAfterPrevious(string message)
    {
        var prev = _tokens[Math.Max(0, _pos - 1)];
        var at = prev.FromMacro ? prev.Location : prev.Location with { Column = prev.Location.Column + prev.Text.Length };
        return Error(at, message);
    }

    private void ExpectSemicolon(string after) => ExpectSemicolonMessage($"expected ';' after {after}");

    /// <summary>Expects ';', reporting a missing one just after the previous token (as clang does).</summary>
    private void ExpectSemicolonMessage(string message)
    {
        if (Accept(";")) return;
        throw ErrorAfterPrevious(message);
    }
}
