using System.Collections.Immutable;
using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Syntax;
using Lockstep.Language.Syntax.Ast;
using Lockstep.Language.Text;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Binding;

public sealed partial class Binder
{
    private BoundExpression BindExpression(ExpressionSyntax e)
    {
        switch (e)
        {
            case IdentifierExpression id: return BindIdentifier(id);
            case IntegerLiteralExpression lit: return BindIntegerLiteral(lit);
            case StringLiteralExpression s: return new BoundStringLiteral(s.Location, new PointerType(IntegerType.Char), s.Value);
            case UnaryExpression u: return BindUnary(u);
            case PostfixExpression p: return BindIncrement(p.Location, p.Operator, p.Operand, prefix: false);
            case BinaryExpression b: return BindBinary(b);
            case AssignmentExpression a: return BindAssignment(a);
            case ConditionalExpression c: return BindConditional(c);
            case CommaExpression c:
            {
                var l = BindExpression(c.Left);
                var r = RValue(BindExpression(c.Right));
                return new BoundComma(c.Location, r.Type, l, r);
            }
            case CastExpression c: return BindCast(c);
            case SizeofTypeExpression s:
            {
                var t = ResolveType(s.Type);
                return Sizeof(s.Location, t);
            }
            case SizeofExpression s:
            {
                var v = BindExpression(s.Operand);
                return Sizeof(s.Location, v.Type);
            }
            case MemberExpression m: return BindMember(m);
            case IndexExpression i: return BindIndex(i);
            case CallExpression c: return BindCall(c);
            case OffsetofExpression o:
            {
                var t = ResolveType(o.Type);
                var cells = MemberOffset(t, o.Path, o.Location, out _);
                return cells is null ? new BoundError(o.Location) : new BoundIntLiteral(o.Location, IntegerType.ULong, cells.Value * 8L);
            }
            case ContainerOfExpression co: return BindContainerOf(co);
            case StatementExpression se: return BindStatementExpression(se);
            case UnsupportedExpression u: return ErrorExpression(u.Location, u.Message);
        }
        return ErrorExpression(e.Location, "unsupported expression");
    }

    private BoundExpression BindStatementExpression(StatementExpression se)
    {
        if (_function is null) return ErrorExpression(se.Location, "statement expression not allowed at file scope");
        PushScope();
        var statements = new List<BoundStatement>();
        var items = se.Body.Statements;
        BoundExpression? result = null;
        for (var i = 0; i < items.Length; i++)
        {
            if (i == items.Length - 1 && items[i] is ExpressionStatement last)
            {
                result = RValue(BindExpression(last.Expression));
                break;
            }
            statements.Add(BindStatement(items[i]));
        }
        PopScope();
        if (result is { Type: StructType }) return ErrorExpression(result.Location, "a statement expression of struct type is not supported; use a pointer");
        return new BoundStatementExpression(se.Location, result?.Type ?? VoidType.Instance, new BoundBlock(se.Location, statements), result);
    }

    private BoundExpression Sizeof(SourceLocation at, CType t)
    {
        if (t.IsError) return new BoundError(at);
        if (t.IsFunction) return ErrorExpression(at, "invalid application of 'sizeof' to a function type");
        if (t.IsVoid) return ErrorExpression(at, "invalid application of 'sizeof' to an incomplete type 'void'");
        if (t is StructType { IsComplete: false }) return ErrorExpression(at, $"invalid application of 'sizeof' to an incomplete type '{t.Name}'");
        return new BoundIntLiteral(at, IntegerType.ULong, t.Cells * 8L);
    }

    private BoundExpression BindIdentifier(IdentifierExpression id)
    {
        switch (_scope.Lookup(id.Name))
        {
            case LocalSymbol l: return new BoundLocal(id.Location, l);
            case GlobalSymbol g: return new BoundGlobal(id.Location, g);
            case GlobalAlias a: return new BoundGlobal(id.Location, a.Global);
            case FunctionSymbol f: return new BoundFunctionRef(id.Location, f);
            case EnumConstantSymbol c: return new BoundIntLiteral(id.Location, IntegerType.Int, c.Value);
            case TypedefSymbol: return ErrorExpression(id.Location, $"unexpected type name '{id.Name}': expected expression");
            default:
                if (id.Name == "NULL") return ErrorExpression(id.Location, "use of undeclared identifier 'NULL'; include <lockstep/kernel.h> (or any header defining NULL)");
                return ErrorExpression(id.Location, $"use of undeclared identifier '{id.Name}'");
        }
    }

    private static BoundExpression BindIntegerLiteral(IntegerLiteralExpression lit)
    {
        var v = lit.Value;
        if (lit.IsChar) return new BoundIntLiteral(lit.Location, IntegerType.Int, unchecked((long)v.Value));
        IntegerType type;
        var value = v.Value;
        if (v.Unsigned) type = !v.Long && value <= uint.MaxValue ? IntegerType.UInt : IntegerType.ULong;
        else if (v.Decimal) type = !v.Long && value <= int.MaxValue ? IntegerType.Int : value <= long.MaxValue ? IntegerType.Long : IntegerType.ULong;
        else type = !v.Long && value <= int.MaxValue ? IntegerType.Int : !v.Long && value <= uint.MaxValue ? IntegerType.UInt : value <= long.MaxValue ? IntegerType.Long : IntegerType.ULong;
        return new BoundIntLiteral(lit.Location, type, unchecked((long)value));
    }

    private BoundExpression BindUnary(UnaryExpression u)
    {
        switch (u.Operator)
        {
            case "++":
            case "--":
                return BindIncrement(u.Location, u.Operator, u.Operand, prefix: true);
            case "&":
            {
                var operand = BindExpression(u.Operand);
                if (operand.Type.IsError) return operand;
                if (operand is BoundFunctionRef fr) return new BoundFunctionAddress(u.Location, new PointerType(fr.Type), fr.Function);
                if (!operand.IsLValue) return ErrorExpression(u.Location, $"cannot take the address of an rvalue of type '{operand.Type.Name}'");
                if (operand is BoundDeref d) return Convert(d.Pointer, new PointerType(operand.Type));
                MarkAddressTaken(operand);
                return new BoundAddressOf(u.Location, new PointerType(operand.Type), operand);
            }
            case "*":
            {
                var operand = RValue(BindExpression(u.Operand));
                if (operand.Type.IsError) return operand;
                if (operand.Type is not PointerType p) return ErrorExpression(u.Location, $"indirection requires pointer operand ('{operand.Type.Name}' invalid)");
                if (p.Element is FunctionType) return operand;
                if (p.Element.IsVoid) return ErrorExpression(u.Location, "indirection of a 'void *' pointer; cast it to a pointer to the object's type first");
                return new BoundDeref(u.Location, p.Element, operand);
            }
            case "!":
            {
                var operand = RValue(BindExpression(u.Operand));
                if (operand.Type.IsError) return operand;
                if (!operand.Type.IsScalar) return ErrorExpression(u.Location, $"invalid argument type '{operand.Type.Name}' to unary expression");
                if (operand is BoundIntLiteral lit) return new BoundIntLiteral(u.Location, IntegerType.Int, lit.Value == 0 ? 1 : 0);
                return new BoundUnary(u.Location, IntegerType.Int, UnaryOp.LogicalNot, operand);
            }
            default:
            {
                var operand = RValue(BindExpression(u.Operand));
                if (operand.Type.IsError) return operand;
                if (operand.Type is not IntegerType it) return ErrorExpression(u.Location, $"invalid argument type '{operand.Type.Name}' to unary expression");
                var t = it.Promote();
                operand = Convert(operand, t);
                if (u.Operator == "+") return operand;
                var op = u.Operator == "-" ? UnaryOp.Negate : UnaryOp.BitNot;
                if (operand is BoundIntLiteral lit)
                    return new BoundIntLiteral(u.Location, t, t.Wrap(op == UnaryOp.Negate ? unchecked(-lit.Value) : ~lit.Value));
                return new BoundUnary(u.Location, t, op, operand);
            }
        }
    }

    private BoundExpression BindIncrement(SourceLocation at, string op, ExpressionSyntax operandSyntax, bool prefix)
    {
        var target = BindExpression(operandSyntax);
        if (target.Type.IsError) return target;
        if (!CheckAssignable(target, at)) return new BoundError(at);
        long delta = op == "++" ? 1 : -1;
        if (target.Type is PointerType p) delta *= p.Stride;
        else if (!target.Type.IsInteger) return ErrorExpression(at, $"cannot {(op == "++" ? "increment" : "decrement")} value of type '{target.Type.Name}'");
        return new BoundIncrement(at, target.Type, target, delta, prefix);
    }

    private bool CheckAssignable(BoundExpression target, SourceLocation at)
    {
        if (!target.IsLValue) { Error(at, "expression is not assignable"); return false; }
        if (target.Type is ArrayType) { Error(at, $"array type '{target.Type.Name}' is not assignable"); return false; }
        if (ConstRoot(target) is { } c)
        {
            var t = target is BoundLocal or BoundGlobal ? target.Type : (c is LocalSymbol l ? l.Type : ((GlobalSymbol)c).Type);
            var constName = t is PointerType ? t.Name + "const" : "const " + t.Name;
            Error(at, target is BoundLocal or BoundGlobal
                ? $"cannot assign to variable '{c.Name}' with const-qualified type '{constName}'"
                : $"cannot assign to a member of variable '{c.Name}' with const-qualified type '{constName}'");
            return false;
        }
        return true;
    }

    private BoundExpression BindBinary(BinaryExpression b)
    {
        var left = RValue(BindExpression(b.Left));
        var right = RValue(BindExpression(b.Right));
        if (left.Type.IsError || right.Type.IsError) return new BoundError(b.Location);
        return BinaryOperation(b.Location, b.Operator, left, right);
    }

    private BoundExpression InvalidOperands(SourceLocation at, BoundExpression l, BoundExpression r) =>
        ErrorExpression(at, $"invalid operands to binary expression ('{l.Type.Name}' and '{r.Type.Name}')");

    private BoundExpression BinaryOperation(SourceLocation at, string op, BoundExpression left, BoundExpression right)
    {
        var li = left.Type as IntegerType;
        var ri = right.Type as IntegerType;
        var lp = left.Type as PointerType;
        var rp = right.Type as PointerType;
        switch (op)
        {
            case "&&":
            case "||":
                if (!left.Type.IsScalar || !right.Type.IsScalar) return InvalidOperands(at, left, right);
                return new BoundLogical(at, IntegerType.Int, op == "&&", left, right);
            case "+":
                if (li is not null && ri is not null) return Arithmetic(at, BinaryOp.Add, left, right, li, ri);
                if (lp is not null && ri is not null) return PointerOffset(at, left, right, lp, subtract: false);
                if (li is not null && rp is not null) return PointerOffset(at, right, left, rp, subtract: false);
                return InvalidOperands(at, left, right);
            case "-":
                if (li is not null && ri is not null) return Arithmetic(at, BinaryOp.Sub, left, right, li, ri);
                if (lp is not null && ri is not null) return PointerOffset(at, left, right, lp, subtract: true);
                if (lp is not null && rp is not null)
                {
                    if (!CType.Same(lp.Element, rp.Element)) return ErrorExpression(at, $"'{lp.Name}' and '{rp.Name}' are not pointers to compatible types");
                    return new BoundPointerDifference(at, IntegerType.Long, left, right, lp.Stride);
                }
                return InvalidOperands(at, left, right);
            case "*":
            case "/":
            case "%":
            case "&":
            case "|":
            case "^":
            {
                if (li is null || ri is null) return InvalidOperands(at, left, right);
                var common = IntegerType.Common(li, ri);
                var bop = op switch
                {
                    "*" => BinaryOp.Mul,
                    "/" => common.IsSigned ? BinaryOp.DivS : BinaryOp.DivU,
                    "%" => common.IsSigned ? BinaryOp.RemS : BinaryOp.RemU,
                    "&" => BinaryOp.And,
                    "|" => BinaryOp.Or,
                    _ => BinaryOp.Xor,
                };
                if (op is "/" or "%" && right is BoundIntLiteral { Value: 0 }) Error(at, $"{(op == "/" ? "division" : "remainder")} by zero is undefined");
                return Arithmetic(at, bop, left, right, li, ri, bop);
            }
            case "<<":
            case ">>":
            {
                if (li is null || ri is null) return InvalidOperands(at, left, right);
                var t = li.Promote();
                var l = Convert(left, t);
                var r = Convert(right, ri.Promote());
                var bop = op == "<<" ? BinaryOp.Shl : t.IsSigned ? BinaryOp.ShrS : BinaryOp.ShrU;
                return Fold(new BoundBinary(at, t, bop, l, r));
            }
            case "==":
            case "!=":
            case "<":
            case ">":
            case "<=":
            case ">=":
            {
                bool signed;
                BoundExpression l = left, r = right;
                if (li is not null && ri is not null)
                {
                    var common = IntegerType.Common(li, ri);
                    signed = common.IsSigned;
                    l = Convert(left, common);
                    r = Convert(right, common);
                }
                else if ((lp is not null && rp is not null)
                    || (lp is not null && ri is not null && IsNullPointerConstant(right))
                    || (rp is not null && li is not null && IsNullPointerConstant(left)))
                {
                    signed = false;
                }
                else if ((lp is not null && ri is not null) || (rp is not null && li is not null))
                    return ErrorExpression(at, $"comparison between pointer and integer ('{left.Type.Name}' and '{right.Type.Name}')");
                else return InvalidOperands(at, left, right);
                var bop = op switch
                {
                    "==" => BinaryOp.Eq,
                    "!=" => BinaryOp.Ne,
                    "<" => signed ? BinaryOp.LtS : BinaryOp.LtU,
                    ">" => signed ? BinaryOp.GtS : BinaryOp.GtU,
                    "<=" => signed ? BinaryOp.LeS : BinaryOp.LeU,
                    _ => signed ? BinaryOp.GeS : BinaryOp.GeU,
                };
                return Fold(new BoundBinary(at, IntegerType.Int, bop, l, r));
            }
        }
        return InvalidOperands(at, left, right);
    }

    private static BoundExpression Arithmetic(SourceLocation at, BinaryOp op, BoundExpression left, BoundExpression right, IntegerType li, IntegerType ri, BinaryOp? chosen = null)
    {
        var common = IntegerType.Common(li, ri);
        return Fold(new BoundBinary(at, common, chosen ?? op, Convert(left, common), Convert(right, common)));
    }

    private static BoundExpression Fold(BoundBinary b)
    {
        if (b.Left is BoundIntLiteral l && b.Right is BoundIntLiteral r && ConstantEvaluator.Binary(b.Op, l.Value, r.Value) is { } v)
            return new BoundIntLiteral(b.Location, b.Type, b.Type is IntegerType it ? it.Wrap(v) : v);
        return b;
    }

    private BoundExpression PointerOffset(SourceLocation at, BoundExpression pointer, BoundExpression offset, PointerType type, bool subtract)
    {
        if (type.Element is StructType { IsComplete: false } s)
            return ErrorExpression(at, $"arithmetic on a pointer to an incomplete type '{s.Name}'");
        return new BoundPointerArithmetic(at, type, pointer, Convert(offset, IntegerType.Long), subtract, type.Stride);
    }

    private BoundExpression BindAssignment(AssignmentExpression a)
    {
        var target = BindExpression(a.Target);
        var valueSyntax = a.Value;
        if (target.Type.IsError) { BindExpression(valueSyntax); return target; }
        if (!CheckAssignable(target, a.Location)) { BindExpression(valueSyntax); return new BoundError(a.Location); }
        if (a.Operator == "=")
        {
            var value = ConvertForAssignment(BindExpression(valueSyntax), target.Type, AssignmentContext.Assigning);
            if (value.Type.IsError) return value;
            return new BoundAssignment(a.Location, target.Type, target, value);
        }
        var rhs = RValue(BindExpression(valueSyntax));
        if (rhs.Type.IsError) return rhs;
        var op = a.Operator[..^1];
        if (target.Type is PointerType p && op is "+" or "-")
        {
            if (rhs.Type is not IntegerType) return InvalidOperands(a.Location, target, rhs);
            return new BoundCompoundAssignment(a.Location, target.Type, target, op == "+" ? BinaryOp.Add : BinaryOp.Sub, Convert(rhs, IntegerType.Long), target.Type, p.Stride);
        }
        if (target.Type is not IntegerType ti || rhs.Type is not IntegerType ri) return InvalidOperands(a.Location, target, rhs);
        IntegerType opType;
        BoundExpression value2;
        if (op is "<<" or ">>") { opType = ti.Promote(); value2 = Convert(rhs, ri.Promote()); }
        else { opType = IntegerType.Common(ti, ri); value2 = Convert(rhs, opType); }
        var bop = op switch
        {
            "+" => BinaryOp.Add,
            "-" => BinaryOp.Sub,
            "*" => BinaryOp.Mul,
            "/" => opType.IsSigned ? BinaryOp.DivS : BinaryOp.DivU,
            "%" => opType.IsSigned ? BinaryOp.RemS : BinaryOp.RemU,
            "&" => BinaryOp.And,
            "|" => BinaryOp.Or,
            "^" => BinaryOp.Xor,
            "<<" => BinaryOp.Shl,
            _ => opType.IsSigned ? BinaryOp.ShrS : BinaryOp.ShrU,
        };
        return new BoundCompoundAssignment(a.Location, target.Type, target, bop, value2, opType, 1);
    }

    private BoundExpression BindConditional(ConditionalExpression c)
    {
        var cond = RValue(BindExpression(c.Condition));
        var a = ReferenceEquals(c.WhenTrue, c.Condition) ? cond : RValue(BindExpression(c.WhenTrue));
        var b = RValue(BindExpression(c.WhenFalse));
        if (cond.Type.IsError || a.Type.IsError || b.Type.IsError) return new BoundError(c.Location);
        if (!cond.Type.IsScalar) return ErrorExpression(c.Condition.Location, $"used type '{cond.Type.Name}' where arithmetic or pointer type is required");
        CType type;
        if (a.Type is IntegerType ai && b.Type is IntegerType bi) type = IntegerType.Common(ai, bi);
        else if (a.Type is PointerType pa && b.Type is PointerType pb) type = pa.Element.IsVoid ? pb : pa;
        else if (a.Type is PointerType && IsNullPointerConstant(b)) type = a.Type;
        else if (b.Type is PointerType && IsNullPointerConstant(a)) type = b.Type;
        else if (a.Type.IsVoid && b.Type.IsVoid) type = VoidType.Instance;
        else if (a.Type is StructType && ReferenceEquals(a.Type, b.Type)) type = a.Type;
        else return ErrorExpression(c.Location, $"incompatible operand types ('{a.Type.Name}' and '{b.Type.Name}')");
        if (type.IsScalar) { a = Convert(a, type); b = Convert(b, type); }
        if (ReferenceEquals(c.WhenTrue, c.Condition) && type.IsScalar) return new BoundElvis(c.Location, type, a, b);
        return new BoundConditional(c.Location, type, cond, a, b);
    }

    private BoundExpression BindCast(CastExpression c)
    {
        var type = ResolveType(c.Type);
        var operand = RValue(BindExpression(c.Operand));
        if (type.IsError || operand.Type.IsError) return new BoundError(c.Location);
        if (type.IsVoid) return new BoundConversion(c.Location, type, operand);
        if (!type.IsScalar) return ErrorExpression(c.Location, $"used type '{type.Name}' where arithmetic or pointer type is required");
        if (!operand.Type.IsScalar) return ErrorExpression(c.Location, $"operand of type '{operand.Type.Name}' where arithmetic or pointer type is required");
        var result = Convert(operand, type);
        // Keep the cast's location for sites, and make a cast an rvalue even when it changes nothing.
        return result is BoundIntLiteral ? result : new BoundConversion(c.Location, type, operand);
    }

    private BoundExpression BindMember(MemberExpression m)
    {
        var target = BindExpression(m.Target);
        if (target.Type.IsError) return target;
        StructType st;
        if (m.IsArrow)
        {
            target = RValue(target);
            if (target.Type is PointerType { Element: StructType ps }) st = ps;
            else if (target.Type is StructType) return ErrorExpression(m.Location, $"member reference type '{target.Type.Name}' is not a pointer; did you mean to use '.'?");
            else return ErrorExpression(m.Location, $"member reference type '{target.Type.Name}' is not a pointer");
            if (!st.IsComplete) return ErrorExpression(m.Location, $"incomplete definition of type '{st.Name}'");
            target = new BoundDeref(m.Location, st, target);
        }
        else
        {
            if (target.Type is StructType s) st = s;
            else if (target.Type is PointerType { Element: StructType }) return ErrorExpression(m.Location, $"member reference type '{target.Type.Name}' is a pointer; did you mean to use '->'?");
            else return ErrorExpression(m.Location, $"member reference base type '{target.Type.Name}' is not a structure or union");
            if (!st.IsComplete) return ErrorExpression(m.Location, $"incomplete definition of type '{st.Name}'");
        }
        var field = st.Find(m.Member);
        if (field is null) return ErrorExpression(m.Location, $"no member named '{m.Member}' in '{st.Name}'");
        return new BoundMember(m.Location, field.Type, target, field);
    }

    private BoundExpression BindIndex(IndexExpression ix)
    {
        var array = BindExpression(ix.Target);
        var index = RValue(BindExpression(ix.Index));
        if (array.Type.IsError || index.Type.IsError) return new BoundError(ix.Location);
        if (array.Type.IsInteger && (index.Type is ArrayType or PointerType)) (array, index) = (index, RValue(array));
        if (index.Type is not IntegerType) return ErrorExpression(ix.Index.Location, "array subscript is not an integer");
        if (array.Type is ArrayType at && array.IsLValue)
            return new BoundIndex(ix.Location, at.Element, array, Convert(index, IntegerType.Long));
        var pointer = RValue(array);
        if (pointer.Type is not PointerType p) return ErrorExpression(ix.Location, "subscripted value is not an array, pointer, or vector");
        if (p.Element.IsVoid) return ErrorExpression(ix.Location, "subscript of a 'void *' pointer; cast it to a pointer to the element type first");
        if (p.Element is FunctionType) return ErrorExpression(ix.Location, "subscript of pointer to function type");
        return new BoundDeref(ix.Location, p.Element, PointerOffset(ix.Location, pointer, index, p, subtract: false));
    }

    private BoundExpression BindCall(CallExpression c)
    {
        BoundExpression callee;
        if (c.Callee is IdentifierExpression id && _scope.Lookup(id.Name) is null)
        {
            foreach (var a in c.Arguments) BindExpression(a);
            return ErrorExpression(id.Location, $"call to undeclared function '{id.Name}'; ISO C99 and later do not support implicit function declarations");
        }
        callee = BindExpression(c.Callee);
        if (callee.Type.IsError) { foreach (var a in c.Arguments) BindExpression(a); return callee; }
        FunctionType? fnType = callee switch
        {
            BoundFunctionRef fr => fr.Function.Type,
            _ => RValue(callee).Type is PointerType { Element: FunctionType ft } ? ft : null,
        };
        if (fnType is null)
        {
            foreach (var a in c.Arguments) BindExpression(a);
            return ErrorExpression(c.Location, $"called object type '{callee.Type.Name}' is not a function or function pointer");
        }
        var args = new List<BoundExpression>();
        var n = fnType.Parameters.Count;
        if (c.Arguments.Length < n)
        {
            foreach (var a in c.Arguments) BindExpression(a);
            return ErrorExpression(c.Location, $"too few arguments to function call, expected {n}, have {c.Arguments.Length}");
        }
        if (c.Arguments.Length > n && !fnType.IsVariadic)
        {
            foreach (var a in c.Arguments) BindExpression(a);
            return ErrorExpression(c.Arguments[n].Location, $"too many arguments to function call, expected {n}, have {c.Arguments.Length}");
        }
        var failed = false;
        for (var i = 0; i < c.Arguments.Length; i++)
        {
            BoundExpression arg;
            if (i < n) arg = ConvertForAssignment(BindExpression(c.Arguments[i]), fnType.Parameters[i], AssignmentContext.Passing);
            else
            {
                arg = RValue(BindExpression(c.Arguments[i]));
                if (arg.Type is IntegerType it) arg = Convert(arg, it.Promote());
                else if (arg.Type.IsStruct) arg = ErrorExpression(arg.Location, $"passing structs by value is not supported; pass a pointer ('{arg.Type.Name} *') instead");
                else if (arg.Type.IsVoid) arg = ErrorExpression(arg.Location, "argument type 'void' is incomplete");
            }
            failed |= arg.Type.IsError;
            args.Add(arg);
        }
        if (failed) return new BoundError(c.Location);
        if (callee is BoundFunctionRef f) return new BoundCall(c.Location, fnType.Return, f.Function, args);
        return new BoundIndirectCall(c.Location, fnType.Return, RValue(callee), args);
    }

    /// <summary>The cell offset of a member path (a.b[2].c) in <paramref name="type"/>.</summary>
    private int? MemberOffset(CType type, ImmutableArray<DesignatorSyntax> path, SourceLocation at, out CType memberType)
    {
        memberType = type;
        if (type.IsError) return null;
        if (type is not StructType) { Error(at, $"offsetof requires struct, union, or class type, '{type.Name}' invalid"); return null; }
        var offset = 0;
        foreach (var d in path)
        {
            if (d.Field is not null)
            {
                if (memberType is not StructType st) { Error(d.Location, $"member reference base type '{memberType.Name}' is not a structure or union"); return null; }
                if (!st.IsComplete) { Error(d.Location, $"incomplete definition of type '{st.Name}'"); return null; }
                var f = st.Find(d.Field);
                if (f is null) { Error(d.Location, $"no member named '{d.Field}' in '{st.Name}'"); return null; }
                offset += f.Offset;
                memberType = f.Type;
            }
            else
            {
                if (memberType is not ArrayType arr) { Error(d.Location, "subscripted value is not an array"); return null; }
                var v = BindExpression(d.Index!);
                if (ConstantEvaluator.EvaluateInteger(v) is not { } i) { Error(d.Index!.Location, "expression is not an integer constant expression"); return null; }
                offset += (int)Math.Clamp(i, -MaxArrayCells, MaxArrayCells) * Math.Max(1, arr.Element.Cells);
                memberType = arr.Element;
            }
        }
        return offset;
    }

    private BoundExpression BindContainerOf(ContainerOfExpression co)
    {
        var pointer = RValue(BindExpression(co.Pointer));
        var type = ResolveType(co.Type);
        if (pointer.Type.IsError || type.IsError) return new BoundError(co.Location);
        if (pointer.Type is not PointerType) return ErrorExpression(co.Pointer.Location, $"container_of requires a pointer, '{pointer.Type.Name}' invalid");
        var cells = MemberOffset(type, co.Path, co.Location, out _);
        if (cells is null) return new BoundError(co.Location);
        return new BoundPointerAdjust(co.Location, new PointerType(type), pointer, -cells.Value);
    }
}
