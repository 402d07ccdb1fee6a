using Lockstep.Language.Binding.Bound;

namespace Lockstep.Language.Lowering;

/// <summary>Visits every expression of a bound function body or initializer (outer expressions before inner ones).</summary>
internal static class BoundWalker
{
    public static void Walk(BoundStatement s, Action<BoundExpression> visit)
    {
        switch (s)
        {
            case BoundBlock b:
                foreach (var x in b.Statements) Walk(x, visit);
                break;
            case BoundExpressionStatement e:
                Walk(e.Expression, visit);
                break;
            case BoundLocalDeclaration d:
                if (d.Initializer is not null) Walk(d.Initializer, visit);
                break;
            case BoundIf i:
                Walk(i.Condition, visit);
                Walk(i.Then, visit);
                if (i.Else is not null) Walk(i.Else, visit);
                break;
            case BoundWhile w:
                Walk(w.Condition, visit);
                Walk(w.Body, visit);
                break;
            case BoundDoWhile dw:
                Walk(dw.Body, visit);
                Walk(dw.Condition, visit);
                break;
            case BoundFor f:
                if (f.Init is not null) Walk(f.Init, visit);
                if (f.Condition is not null) Walk(f.Condition, visit);
                if (f.Step is not null) Walk(f.Step, visit);
                Walk(f.Body, visit);
                break;
            case BoundSwitch sw:
                Walk(sw.Value, visit);
                Walk(sw.Body, visit);
                break;
            case BoundReturn r:
                if (r.Value is not null) Walk(r.Value, visit);
                break;
        }
    }

    public static void Walk(BoundInitializer init, Action<BoundExpression> visit)
    {
        foreach (var e in init.Entries) Walk(e.Value, visit);
    }

    public static void Walk(BoundExpression e, Action<BoundExpression> visit)
    {
        visit(e);
        switch (e)
        {
            case BoundDeref d: Walk(d.Pointer, visit); break;
            case BoundMember m: Walk(m.Target, visit); break;
            case BoundIndex ix: Walk(ix.Array, visit); Walk(ix.Index, visit); break;
            case BoundAddressOf a: Walk(a.Operand, visit); break;
            case BoundUnary u: Walk(u.Operand, visit); break;
            case BoundBinary b: Walk(b.Left, visit); Walk(b.Right, visit); break;
            case BoundPointerArithmetic p: Walk(p.Pointer, visit); Walk(p.Offset, visit); break;
            case BoundPointerDifference pd: Walk(pd.Left, visit); Walk(pd.Right, visit); break;
            case BoundPointerAdjust adj: Walk(adj.Pointer, visit); break;
            case BoundLogical l: Walk(l.Left, visit); Walk(l.Right, visit); break;
            case BoundConditional c: Walk(c.Condition, visit); Walk(c.WhenTrue, visit); Walk(c.WhenFalse, visit); break;
            case BoundElvis el: Walk(el.Left, visit); Walk(el.Right, visit); break;
            case BoundComma c: Walk(c.Left, visit); Walk(c.Right, visit); break;
            case BoundConversion cv: Walk(cv.Operand, visit); break;
            case BoundAssignment a: Walk(a.Target, visit); Walk(a.Value, visit); break;
            case BoundCompoundAssignment ca: Walk(ca.Target, visit); Walk(ca.Value, visit); break;
            case BoundIncrement inc: Walk(inc.Target, visit); break;
            case BoundCall call: foreach (var x in call.Arguments) Walk(x, visit); break;
            case BoundIndirectCall ic: Walk(ic.Callee, visit); foreach (var x in ic.Arguments) Walk(x, visit); break;
            case BoundStatementExpression se:
                Walk(se.Body, visit);
                if (se.Result is not null) Walk(se.Result, visit);
                break;
        }
    }
}
