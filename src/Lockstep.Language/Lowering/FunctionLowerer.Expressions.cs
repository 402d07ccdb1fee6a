using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Types;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Lowering;

internal sealed partial class FunctionLowerer
{
    /// <summary>Evaluates an expression into a slot (an aggregate's value is its address). Returns -1 for void.</summary>
    private int LowerValue(BoundExpression e)
    {
        var saved = _site;
        _site = Site(e.Location);
        try { return LowerValueCore(e); }
        finally { _site = saved; }
    }

    private int LowerValueCore(BoundExpression e)
    {
        switch (e)
        {
            case BoundIntLiteral lit:
                return Constant(lit.Value);
            case BoundStringLiteral s:
                return Constant(Pointer.String(_ctx.InternString(s.Value)));
            case BoundFunctionAddress f:
                return Constant(_ctx.FunctionAddress(f.Function, f.Location) is { } fi ? Pointer.Function(fi) : 0);
            case BoundFunctionRef f:
                return Constant(_ctx.FunctionAddress(f.Function, f.Location) is { } fj ? Pointer.Function(fj) : 0);
            case BoundLocal or BoundGlobal or BoundDeref or BoundMember or BoundIndex:
            {
                var place = LowerPlace(e);
                if (e.Type.IsAggregate) return Address(place);
                return Read(place);
            }
            case BoundAddressOf a:
                return Address(LowerPlace(a.Operand));
            case BoundUnary u:
            {
                var v = LowerValue(u.Operand);
                var t = Temp();
                Emit(OpCode.Unary, sub: (byte)u.Op, a: t, b: v);
                if (u.Op != UnaryOp.LogicalNot) Normalize(t, u.Type);
                return t;
            }
            case BoundBinary b:
            {
                var l = LowerValue(b.Left);
                var r = LowerValue(b.Right);
                var t = Temp();
                Emit(OpCode.Binary, sub: (byte)b.Op, a: t, b: l, c: r);
                if (b.Op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.DivS or BinaryOp.Shl)
                    Normalize(t, b.Type);
                return t;
            }
            case BoundPointerArithmetic p:
            {
                var ptr = LowerValue(p.Pointer);
                int offset;
                if (p.Offset is BoundIntLiteral lit) offset = Constant(lit.Value * p.Stride);
                else
                {
                    offset = LowerValue(p.Offset);
                    if (p.Stride != 1)
                    {
                        var scaled = Temp();
                        Emit(OpCode.Binary, sub: (byte)BinaryOp.Mul, a: scaled, b: offset, c: Constant(p.Stride));
                        offset = scaled;
                    }
                }
                var t = Temp();
                Emit(OpCode.Binary, sub: (byte)(p.Subtract ? BinaryOp.Sub : BinaryOp.Add), a: t, b: ptr, c: offset);
                return t;
            }
            case BoundPointerDifference d:
            {
                var l = LowerValue(d.Left);
                var r = LowerValue(d.Right);
                var t = Temp();
                Emit(OpCode.Binary, sub: (byte)BinaryOp.Sub, a: t, b: l, c: r);
                if (d.Stride != 1) Emit(OpCode.Binary, sub: (byte)BinaryOp.DivS, a: t, b: t, c: Constant(d.Stride));
                return t;
            }
            case BoundPointerAdjust adj:
            {
                var p = LowerValue(adj.Pointer);
                if (adj.Cells == 0) return p;
                var t = Temp();
                Emit(OpCode.Binary, sub: (byte)BinaryOp.Add, a: t, b: p, c: Constant(adj.Cells));
                return t;
            }
            case BoundLogical lg:
            {
                var t = Temp();
                var end = NewLabel();
                Emit(OpCode.Const, a: t, imm: lg.IsAnd ? 0 : 1);
                var l = LowerValue(lg.Left);
                Jump(lg.IsAnd ? OpCode.JumpIfZero : OpCode.JumpIfNotZero, end, l);
                var r = LowerValue(lg.Right);
                Emit(OpCode.Convert, a: t, b: r, imm: 1);
                Bind(end);
                return t;
            }
            case BoundConditional c:
            {
                var t = c.Type.IsVoid ? -1 : Temp();
                var els = NewLabel();
                var end = NewLabel();
                BranchIfFalse(c.Condition, els);
                if (t < 0) LowerEffect(c.WhenTrue); else Emit(OpCode.Move, a: t, b: LowerValue(c.WhenTrue));
                Jump(OpCode.Jump, end);
                Bind(els);
                if (t < 0) LowerEffect(c.WhenFalse); else Emit(OpCode.Move, a: t, b: LowerValue(c.WhenFalse));
                Bind(end);
                return t;
            }
            case BoundElvis el:
            {
                var t = Temp();
                var end = NewLabel();
                Emit(OpCode.Move, a: t, b: LowerValue(el.Left));
                Jump(OpCode.JumpIfNotZero, end, t);
                Emit(OpCode.Move, a: t, b: LowerValue(el.Right));
                Bind(end);
                return t;
            }
            case BoundComma c:
                LowerEffect(c.Left);
                return LowerValue(c.Right);
            case BoundConversion cv:
            {
                if (cv.Type.IsVoid) { LowerEffect(cv.Operand); return -1; }
                var v = LowerValue(cv.Operand);
                return ConvertValue(v, cv.Operand.Type, cv.Type);
            }
            case BoundAssignment a:
                return LowerAssignment(a, wantValue: true);
            case BoundCompoundAssignment ca:
                return LowerCompound(ca);
            case BoundIncrement inc:
                return LowerIncrement(inc, wantValue: true);
            case BoundCall call:
                return LowerCall(call, wantValue: true);
            case BoundIndirectCall ic:
                return LowerIndirectCall(ic, wantValue: true);
            case BoundStatementExpression se:
                return LowerStatementExpression(se);
            default:
                return Constant(0);
        }
    }

    /// <summary>
    /// Runs the statements of a statement expression without disturbing the temporaries of the expression around it
    /// (its statements reuse temporaries only above the current ones), then evaluates its value.
    /// </summary>
    private int LowerStatementExpression(BoundStatementExpression se)
    {
        var savedFloor = _tempFloor;
        _tempFloor = _tempsUsed;
        LowerStatement(se.Body);
        _tempsUsed = _tempFloor;
        _tempFloor = savedFloor;
        _site = Site(se.Location);
        if (se.Result is null) return -1;
        // Copy the value: a later statement of the enclosing expression must not see it change.
        var v = LowerValue(se.Result);
        var t = Temp();
        Emit(OpCode.Move, a: t, b: v);
        return t;
    }

    /// <summary>Evaluates an expression for its effects only (no result slot is written for calls).</summary>
    private void LowerEffect(BoundExpression e)
    {
        var saved = _site;
        _site = Site(e.Location);
        try
        {
            switch (e)
            {
                case BoundAssignment a: LowerAssignment(a, wantValue: false); break;
                case BoundCompoundAssignment ca: LowerCompound(ca); break;
                case BoundIncrement inc: LowerIncrement(inc, wantValue: false); break;
                case BoundCall call: LowerCall(call, wantValue: false); break;
                case BoundIndirectCall ic: LowerIndirectCall(ic, wantValue: false); break;
                case BoundComma c: LowerEffect(c.Left); LowerEffect(c.Right); break;
                case BoundConversion cv: LowerEffect(cv.Operand); break;
                case BoundConditional c:
                {
                    var els = NewLabel();
                    var end = NewLabel();
                    BranchIfFalse(c.Condition, els);
                    LowerEffect(c.WhenTrue);
                    Jump(OpCode.Jump, end);
                    Bind(els);
                    LowerEffect(c.WhenFalse);
                    Bind(end);
                    break;
                }
                case BoundLogical lg:
                {
                    var end = NewLabel();
                    if (lg.IsAnd) BranchIfFalse(lg.Left, end); else BranchIfTrue(lg.Left, end);
                    LowerEffect(lg.Right);
                    Bind(end);
                    break;
                }
                case BoundIntLiteral or BoundStringLiteral or BoundFunctionRef or BoundFunctionAddress or BoundLocal { Local.InMemory: false }:
                    break;
                default:
                    LowerValueCore(e);
                    break;
            }
        }
        finally { _site = saved; }
    }

    private void BranchIfFalse(BoundExpression cond, Label target)
    {
        var saved = _site;
        _site = Site(cond.Location);
        switch (cond)
        {
            case BoundLogical { IsAnd: true } and:
                BranchIfFalse(and.Left, target);
                BranchIfFalse(and.Right, target);
                break;
            case BoundLogical or:
            {
                var done = NewLabel();
                BranchIfTrue(or.Left, done);
                BranchIfFalse(or.Right, target);
                Bind(done);
                break;
            }
            case BoundUnary { Op: UnaryOp.LogicalNot } not:
                BranchIfTrue(not.Operand, target);
                break;
            case BoundIntLiteral lit:
                if (lit.Value == 0) Jump(OpCode.Jump, target);
                break;
            default:
                Jump(OpCode.JumpIfZero, target, LowerValue(cond));
                break;
        }
        _site = saved;
    }

    private void BranchIfTrue(BoundExpression cond, Label target)
    {
        var saved = _site;
        _site = Site(cond.Location);
        switch (cond)
        {
            case BoundLogical { IsAnd: false } or:
                BranchIfTrue(or.Left, target);
                BranchIfTrue(or.Right, target);
                break;
            case BoundLogical and:
            {
                var done = NewLabel();
                BranchIfFalse(and.Left, done);
                BranchIfTrue(and.Right, target);
                Bind(done);
                break;
            }
            case BoundUnary { Op: UnaryOp.LogicalNot } not:
                BranchIfFalse(not.Operand, target);
                break;
            case BoundIntLiteral lit:
                if (lit.Value != 0) Jump(OpCode.Jump, target);
                break;
            default:
                Jump(OpCode.JumpIfNotZero, target, LowerValue(cond));
                break;
        }
        _site = saved;
    }

    /// <summary>Truncates/extends a slot in place to the canonical representation of an integer type.</summary>
    private void Normalize(int slot, CType type)
    {
        if (type is IntegerType { Bits: < 64 } it)
            Emit(OpCode.Convert, sub: (byte)(it.IsSigned ? 1 : 0), a: slot, b: slot, imm: it.Bits);
    }

    /// <summary>Converts a value of type <paramref name="from"/> to <paramref name="to"/>, emitting Convert only when the representation changes.</summary>
    private int ConvertValue(int v, CType from, CType to)
    {
        if (to is not IntegerType ti || ti.Bits == 64) return v;
        if (from is IntegerType fi)
        {
            if (fi.Kind == ti.Kind) return v;
            if (ti.Bits == 1 && fi.Bits == 1) return v;
            if (ti.Bits != 1 && fi.Bits < ti.Bits && (!fi.IsSigned || ti.IsSigned)) return v;
        }
        var t = Temp();
        Emit(OpCode.Convert, sub: (byte)(ti.IsSigned ? 1 : 0), a: t, b: v, imm: ti.Bits);
        return t;
    }
}
