using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Types;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Binding;

/// <summary>Evaluates constant expressions: integer constant expressions and address constants (global initializers).</summary>
public static class ConstantEvaluator
{
    public static long? EvaluateInteger(BoundExpression e) => Evaluate(e) is IntegerConstant i ? i.Value : null;

    public static ConstantValue? Evaluate(BoundExpression e)
    {
        switch (e)
        {
            case BoundIntLiteral lit:
                return new IntegerConstant(lit.Value);
            case BoundStringLiteral s:
                return new StringConstant(s.Value);
            case BoundFunctionAddress f:
                return new FunctionAddressConstant(f.Function);
            case BoundFunctionRef f:
                return new FunctionAddressConstant(f.Function);
            case BoundAddressOf a:
                return Address(a.Operand);
            case BoundConversion c:
            {
                var v = Evaluate(c.Operand);
                if (v is null || c.Type.IsVoid) return null;
                if (v is IntegerConstant i && c.Type is IntegerType it) return new IntegerConstant(it.Wrap(i.Value));
                if (v is not IntegerConstant && c.Type is IntegerType { Bits: 1 }) return new IntegerConstant(1);
                if (v is not IntegerConstant && c.Type is IntegerType { Bits: < 64 }) return null;
                return v;
            }
            case BoundUnary u:
            {
                if (Evaluate(u.Operand) is not IntegerConstant i) return null;
                var r = u.Op switch
                {
                    UnaryOp.Negate => unchecked(-i.Value),
                    UnaryOp.BitNot => ~i.Value,
                    _ => i.Value == 0 ? 1 : 0,
                };
                return Wrap(u.Type, r);
            }
            case BoundBinary b:
            {
                if (Evaluate(b.Left) is not IntegerConstant l || Evaluate(b.Right) is not IntegerConstant r) return null;
                var v = Binary(b.Op, l.Value, r.Value);
                return v is null ? null : Wrap(b.Type, v.Value);
            }
            case BoundLogical lg:
            {
                if (Evaluate(lg.Left) is not { } l) return null;
                var lv = l is not IntegerConstant li || li.Value != 0;
                if (lg.IsAnd && !lv) return new IntegerConstant(0);
                if (!lg.IsAnd && lv) return new IntegerConstant(1);
                if (Evaluate(lg.Right) is not { } r) return null;
                return new IntegerConstant(r is not IntegerConstant ri || ri.Value != 0 ? 1 : 0);
            }
            case BoundConditional c:
            {
                if (Evaluate(c.Condition) is not { } cond) return null;
                var taken = cond is not IntegerConstant ci || ci.Value != 0;
                return Evaluate(taken ? c.WhenTrue : c.WhenFalse);
            }
            case BoundElvis el:
            {
                if (Evaluate(el.Left) is not { } l) return null;
                return l is IntegerConstant { Value: 0 } ? Evaluate(el.Right) : l;
            }
            case BoundPointerArithmetic p:
            {
                var ptr = Evaluate(p.Pointer);
                if (Evaluate(p.Offset) is not IntegerConstant off) return null;
                var delta = unchecked(off.Value * p.Stride * (p.Subtract ? -1 : 1));
                return ptr switch
                {
                    GlobalAddressConstant g => g with { Offset = g.Offset + delta },
                    IntegerConstant i => new IntegerConstant(unchecked(i.Value + delta)),
                    _ => null,
                };
            }
            case BoundPointerAdjust adj:
                return Evaluate(adj.Pointer) switch
                {
                    GlobalAddressConstant g => g with { Offset = g.Offset + adj.Cells },
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>The address of an lvalue when it is a constant (a global, its members and constant-index elements).</summary>
    private static ConstantValue? Address(BoundExpression lvalue)
    {
        switch (lvalue)
        {
            case BoundGlobal g:
                return new GlobalAddressConstant(g.Global, 0);
            case BoundMember m:
                return Address(m.Target) is GlobalAddressConstant a ? a with { Offset = a.Offset + m.Field.Offset } : null;
            case BoundIndex ix:
                if (Address(ix.Array) is GlobalAddressConstant arr && Evaluate(ix.Index) is IntegerConstant i)
                    return arr with { Offset = arr.Offset + i.Value * Math.Max(1, ix.Type.Cells) };
                return null;
            case BoundDeref d:
                return Evaluate(d.Pointer);
            case BoundFunctionRef f:
                return new FunctionAddressConstant(f.Function);
            default:
                return null;
        }
    }

    private static IntegerConstant Wrap(CType type, long value) => new(type is IntegerType it ? it.Wrap(value) : value);

    public static long? Binary(BinaryOp op, long a, long b)
    {
        unchecked
        {
            return op switch
            {
                BinaryOp.Add => a + b,
                BinaryOp.Sub => a - b,
                BinaryOp.Mul => a * b,
                BinaryOp.DivS => b == 0 ? null : (b == -1 ? -a : a / b),
                BinaryOp.DivU => b == 0 ? null : (long)((ulong)a / (ulong)b),
                BinaryOp.RemS => b == 0 ? null : (b == -1 ? 0 : a % b),
                BinaryOp.RemU => b == 0 ? null : (long)((ulong)a % (ulong)b),
                BinaryOp.And => a & b,
                BinaryOp.Or => a | b,
                BinaryOp.Xor => a ^ b,
                BinaryOp.Shl => a << (int)(b & 63),
                BinaryOp.ShrS => a >> (int)(b & 63),
                BinaryOp.ShrU => (long)((ulong)a >> (int)(b & 63)),
                BinaryOp.Eq => a == b ? 1 : 0,
                BinaryOp.Ne => a != b ? 1 : 0,
                BinaryOp.LtS => a < b ? 1 : 0,
                BinaryOp.LeS => a <= b ? 1 : 0,
                BinaryOp.GtS => a > b ? 1 : 0,
                BinaryOp.GeS => a >= b ? 1 : 0,
                BinaryOp.LtU => (ulong)a < (ulong)b ? 1 : 0,
                BinaryOp.LeU => (ulong)a <= (ulong)b ? 1 : 0,
                BinaryOp.GtU => (ulong)a > (ulong)b ? 1 : 0,
                BinaryOp.GeU => (ulong)a >= (ulong)b ? 1 : 0,
                _ => null,
            };
        }
    }
}
