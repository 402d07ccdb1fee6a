using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Syntax.Ast;

namespace Lockstep.Language.Binding;

public sealed partial class Binder
{
    private BoundStatement BindStatement(StatementSyntax s)
    {
        switch (s)
        {
            case BlockStatement b:
            {
                PushScope();
                var list = new List<BoundStatement>(b.Statements.Length);
                foreach (var item in b.Statements) list.Add(BindStatement(item));
                PopScope();
                return new BoundBlock(b.Location, list);
            }
            case DeclarationStatement d:
                return BindLocalDeclaration(d.Declaration);
            case ExpressionStatement e:
                return new BoundExpressionStatement(e.Location, BindExpression(e.Expression));
            case EmptyStatement:
                return new BoundNop(s.Location);
            case StaticAssertStatement sa:
                BindStaticAssert(sa.Assertion);
                return new BoundNop(s.Location);
            case IfStatement i:
            {
                var cond = BindCondition(i.Condition);
                var then = BindScoped(i.Then);
                var els = i.Else is null ? null : BindScoped(i.Else);
                return new BoundIf(i.Location, cond, then, els);
            }
            case WhileStatement w:
            {
                var cond = BindCondition(w.Condition);
                return new BoundWhile(w.Location, cond, BindLoopBody(w.Body));
            }
            case DoWhileStatement dw:
            {
                var body = BindLoopBody(dw.Body);
                return new BoundDoWhile(dw.Location, body, BindCondition(dw.Condition));
            }
            case ForStatement f:
            {
                PushScope();
                var init = f.Init is null ? null : BindStatement(f.Init);
                var cond = f.Condition is null ? null : BindCondition(f.Condition);
                var step = f.Step is null ? null : BindExpression(f.Step);
                var body = BindLoopBody(f.Body);
                PopScope();
                return new BoundFor(f.Location, init, cond, step, body);
            }
            case SwitchStatement sw:
            {
                var value = RValue(BindExpression(sw.Value));
                IntegerType type = IntegerType.Int;
                if (value.Type is IntegerType it) { type = it.Promote(); value = Convert(value, type); }
                else if (!value.Type.IsError) Error(sw.Value.Location, $"statement requires expression of integer type ('{value.Type.Name}' invalid)");
                _switches.Push(new SwitchContext(type));
                _breakableDepth++;
                var body = BindScoped(sw.Body);
                _breakableDepth--;
                _switches.Pop();
                return new BoundSwitch(sw.Location, value, body);
            }
            case CaseStatement c:
                return BindCase(c);
            case BreakStatement:
                if (_breakableDepth == 0) Error(s.Location, "'break' statement not in loop or switch statement");
                return new BoundBreak(s.Location);
            case ContinueStatement:
                if (_loopDepth == 0) Error(s.Location, "'continue' statement not in loop statement");
                return new BoundContinue(s.Location);
            case ReturnStatement r:
                return BindReturn(r);
            case GotoStatement g:
                _gotos.Add((g.Label, g.Location));
                return new BoundGoto(g.Location, g.Label);
            case LabeledStatement l:
            {
                if (!_labels.TryAdd(l.Label, l.Location)) Error(l.Location, $"redefinition of label '{l.Label}'");
                return new BoundBlock(l.Location, [new BoundLabel(l.Location, l.Label), BindStatement(l.Body)]);
            }
        }
        Error(s.Location, "unsupported statement");
        return new BoundNop(s.Location);
    }

    private void BindStaticAssert(StaticAssertSyntax sa)
    {
        var v = BindExpression(sa.Condition);
        if (v.Type.IsError) return;
        if (ConstantEvaluator.EvaluateInteger(v) is not { } value)
            Error(sa.Condition.Location, "static assertion expression is not an integral constant expression");
        else if (value == 0)
            Error(sa.Location, sa.Message is null ? "static assertion failed" : $"static assertion failed: {sa.Message}");
    }

    private BoundStatement BindScoped(StatementSyntax s)
    {
        PushScope();
        var b = BindStatement(s);
        PopScope();
        return b;
    }

    private BoundStatement BindLoopBody(StatementSyntax body)
    {
        _loopDepth++;
        _breakableDepth++;
        var b = BindScoped(body);
        _loopDepth--;
        _breakableDepth--;
        return b;
    }

    private BoundExpression BindCondition(ExpressionSyntax e)
    {
        var v = RValue(BindExpression(e));
        if (!v.Type.IsScalar && !v.Type.IsError)
            return ErrorExpression(e.Location, $"statement requires expression of scalar type ('{v.Type.Name}' invalid)");
        return v;
    }

    private BoundStatement BindCase(CaseStatement c)
    {
        var sw = _switches.Count > 0 ? _switches.Peek() : null;
        BoundStatement label;
        if (c.Value is null)
        {
            if (sw is null) Error(c.Location, "'default' statement not in switch statement");
            else if (sw.HasDefault) Error(c.Location, "multiple default labels in one switch");
            else sw.HasDefault = true;
            label = new BoundCase(c.Location, null);
        }
        else
        {
            var v = BindExpression(c.Value);
            long? value = null;
            if (!v.Type.IsError)
            {
                if (ConstantEvaluator.EvaluateInteger(v) is { } n) value = n;
                else Error(c.Value.Location, "expression is not an integer constant expression");
            }
            if (sw is null) Error(c.Location, "'case' statement not in switch statement");
            else if (value is not null)
            {
                value = sw.Type.Wrap(value.Value);
                if (!sw.Cases.Add(value.Value)) Error(c.Value.Location, $"duplicate case value '{value}'");
            }
            label = value is null ? new BoundNop(c.Location) : new BoundCase(c.Location, value);
        }
        return new BoundBlock(c.Location, [label, BindStatement(c.Body)]);
    }

    private BoundStatement BindReturn(ReturnStatement r)
    {
        var fn = _function!;
        var ret = fn.Type.Return;
        if (r.Value is null)
        {
            if (!ret.IsVoid && !ret.IsError) Error(r.Location, $"non-void function '{fn.Name}' should return a value");
            return new BoundReturn(r.Location, null);
        }
        var v = BindExpression(r.Value);
        if (ret.IsVoid)
        {
            if (!v.Type.IsVoid && !v.Type.IsError) Error(r.Value.Location, $"void function '{fn.Name}' should not return a value");
            return new BoundBlock(r.Location, [new BoundExpressionStatement(r.Value.Location, v), new BoundReturn(r.Location, null)]);
        }
        return new BoundReturn(r.Location, ConvertForAssignment(v, ret, AssignmentContext.Returning));
    }
}
