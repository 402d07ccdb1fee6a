using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;

namespace Lockstep.Language.Binding;

public sealed partial class Binder
{
    /// <summary>Array-to-pointer and function-to-pointer decay: what an expression is worth as a value.</summary>
    private static BoundExpression RValue(BoundExpression e)
    {
        switch (e.Type)
        {
            case ArrayType a:
                MarkAddressTaken(e);
                return new BoundAddressOf(e.Location, new PointerType(a.Element), e);
            case FunctionType f when e is BoundFunctionRef fr:
                return new BoundFunctionAddress(e.Location, new PointerType(f), fr.Function);
            default:
                return e;
        }
    }

    /// <summary>A local whose address escapes lives in a frame object instead of a slot.</summary>
    private static void MarkAddressTaken(BoundExpression e)
    {
        while (true)
        {
            switch (e)
            {
                case BoundLocal l: l.Local.AddressTaken = true; return;
                case BoundMember m: e = m.Target; continue;
                case BoundIndex i: e = i.Array; continue;
                default: return;
            }
        }
    }

    /// <summary>An explicit or implicit conversion; integer literals are folded.</summary>
    private static BoundExpression Convert(BoundExpression e, CType to)
    {
        if (e.Type.IsError || to.IsError) return e;
        if (CType.Same(e.Type, to)) return e;
        if (e is BoundIntLiteral lit)
        {
            if (to is IntegerType it) return new BoundIntLiteral(e.Location, to, it.Wrap(lit.Value));
            if (to is PointerType) return new BoundIntLiteral(e.Location, to, lit.Value);
        }
        return new BoundConversion(e.Location, to, e);
    }

    private static bool IsNullPointerConstant(BoundExpression e) =>
        (e.Type.IsInteger || e.Type is PointerType { Element: VoidType }) && ConstantEvaluator.Evaluate(e) is IntegerConstant { Value: 0 };

    /// <summary>C's conversion as if by assignment (assignment, initialization, argument passing, return).</summary>
    private BoundExpression ConvertForAssignment(BoundExpression e, CType target, AssignmentContext context)
    {
        e = RValue(e);
        if (e.Type.IsError || target.IsError) return e.Type.IsError ? e : new BoundError(e.Location);
        var source = e.Type;
        if (target is IntegerType)
        {
            if (source is IntegerType) return Convert(e, target);
            if (source is PointerType && target is IntegerType { Bits: 1 }) return Convert(e, target);
            if (source is PointerType) return Incompatible(e, target, context, "incompatible pointer to integer conversion");
            return Incompatible(e, target, context, null);
        }
        if (target is PointerType tp)
        {
            if (source is PointerType) return Convert(e, target);
            if (source is IntegerType && IsNullPointerConstant(e)) return Convert(e, target);
            if (source is IntegerType) return Incompatible(e, target, context, "incompatible integer to pointer conversion");
            return Incompatible(e, tp, context, null);
        }
        if (target is StructType)
        {
            if (ReferenceEquals(source, target)) return e;
            return Incompatible(e, target, context, null);
        }
        return Incompatible(e, target, context, null);
    }

    private BoundExpression Incompatible(BoundExpression e, CType target, AssignmentContext context, string? kind)
    {
        var s = e.Type.Name;
        var t = target.Name;
        var message = (kind, context) switch
        {
            (null, AssignmentContext.Assigning) => $"assigning to '{t}' from incompatible type '{s}'",
            (null, AssignmentContext.Initializing) => $"initializing '{t}' with an expression of incompatible type '{s}'",
            (null, AssignmentContext.Passing) => $"passing '{s}' to parameter of incompatible type '{t}'",
            (null, _) => $"returning '{s}' from a function with incompatible result type '{t}'",
            (_, AssignmentContext.Assigning) => $"{kind} assigning to '{t}' from '{s}'",
            (_, AssignmentContext.Initializing) => $"{kind} initializing '{t}' with an expression of type '{s}'",
            (_, AssignmentContext.Passing) => $"{kind} passing '{s}' to parameter of type '{t}'",
            _ => $"{kind} returning '{s}' from a function with result type '{t}'",
        };
        return ErrorExpression(e.Location, message);
    }

    /// <summary>Is the lvalue's storage const (a const variable or a member of one)?</summary>
    private static Symbol? ConstRoot(BoundExpression e)
    {
        while (true)
        {
            switch (e)
            {
                case BoundLocal l: return l.Local.IsConst ? l.Local : null;
                case BoundGlobal g: return g.Global.IsConst ? g.Global : null;
                case BoundMember m: e = m.Target; continue;
                case BoundIndex i: e = i.Array; continue;
                default: return null;
            }
        }
    }
}
