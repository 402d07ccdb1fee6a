using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Text;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Binding.Bound;

/// <summary>
/// A type-checked expression. Lvalue nodes (variables, <see cref="BoundDeref"/>, <see cref="BoundMember"/>,
/// <see cref="BoundIndex"/>) denote storage; using one as a value loads it, except that an aggregate's value is its address.
/// </summary>
public abstract record BoundExpression(SourceLocation Location, CType Type)
{
    public virtual bool IsLValue => false;
}

public sealed record BoundError(SourceLocation Location) : BoundExpression(Location, ErrorType.Instance);

public sealed record BoundIntLiteral(SourceLocation Location, CType Type, long Value) : BoundExpression(Location, Type);

/// <summary>A string literal: its value is <c>Pointer.String(id)</c>.</summary>
public sealed record BoundStringLiteral(SourceLocation Location, CType Type, string Value) : BoundExpression(Location, Type);

public sealed record BoundLocal(SourceLocation Location, LocalSymbol Local) : BoundExpression(Location, Local.Type)
{
    public override bool IsLValue => true;
}

public sealed record BoundGlobal(SourceLocation Location, GlobalSymbol Global) : BoundExpression(Location, Global.Type)
{
    public override bool IsLValue => true;
}

/// <summary>A function designator (type: the function type); as a value it is the function's pointer.</summary>
public sealed record BoundFunctionRef(SourceLocation Location, FunctionSymbol Function) : BoundExpression(Location, Function.Type);

/// <summary>A function's address as a value (type: pointer to function).</summary>
public sealed record BoundFunctionAddress(SourceLocation Location, CType Type, FunctionSymbol Function) : BoundExpression(Location, Type);

public sealed record BoundDeref(SourceLocation Location, CType Type, BoundExpression Pointer) : BoundExpression(Location, Type)
{
    public override bool IsLValue => true;
}

public sealed record BoundMember(SourceLocation Location, CType Type, BoundExpression Target, StructField Field) : BoundExpression(Location, Type)
{
    public override bool IsLValue => true;
}

/// <summary>An element of an array lvalue (pointer[i] is bound as *(pointer + i)).</summary>
public sealed record BoundIndex(SourceLocation Location, CType Type, BoundExpression Array, BoundExpression Index) : BoundExpression(Location, Type)
{
    public override bool IsLValue => true;
}

/// <summary>The address of an lvalue (also an array decaying to a pointer to its first element).</summary>
public sealed record BoundAddressOf(SourceLocation Location, CType Type, BoundExpression Operand) : BoundExpression(Location, Type);

public sealed record BoundUnary(SourceLocation Location, CType Type, UnaryOp Op, BoundExpression Operand) : BoundExpression(Location, Type);

/// <summary>Arithmetic, bitwise or comparison on operands already converted; the result is converted to <see cref="BoundExpression.Type"/>.</summary>
public sealed record BoundBinary(SourceLocation Location, CType Type, BinaryOp Op, BoundExpression Left, BoundExpression Right) : BoundExpression(Location, Type);

/// <summary>pointer ± integer, scaled by <see cref="Stride"/> cells.</summary>
public sealed record BoundPointerArithmetic(SourceLocation Location, CType Type, BoundExpression Pointer, BoundExpression Offset, bool Subtract, int Stride) : BoundExpression(Location, Type);

/// <summary>pointer − pointer, divided by <see cref="Stride"/>.</summary>
public sealed record BoundPointerDifference(SourceLocation Location, CType Type, BoundExpression Left, BoundExpression Right, int Stride) : BoundExpression(Location, Type);

/// <summary>A pointer moved by a constant number of cells (container_of).</summary>
public sealed record BoundPointerAdjust(SourceLocation Location, CType Type, BoundExpression Pointer, long Cells) : BoundExpression(Location, Type);

public sealed record BoundLogical(SourceLocation Location, CType Type, bool IsAnd, BoundExpression Left, BoundExpression Right) : BoundExpression(Location, Type);

public sealed record BoundConditional(SourceLocation Location, CType Type, BoundExpression Condition, BoundExpression WhenTrue, BoundExpression WhenFalse) : BoundExpression(Location, Type);

/// <summary>GNU <c>a ?: b</c>: <c>a</c> (evaluated once) when it is non-zero, else <c>b</c>; both already converted to the result type.</summary>
public sealed record BoundElvis(SourceLocation Location, CType Type, BoundExpression Left, BoundExpression Right) : BoundExpression(Location, Type);

public sealed record BoundComma(SourceLocation Location, CType Type, BoundExpression Left, BoundExpression Right) : BoundExpression(Location, Type);

/// <summary>A conversion to <see cref="BoundExpression.Type"/> (implicit or a cast); to void it only evaluates.</summary>
public sealed record BoundConversion(SourceLocation Location, CType Type, BoundExpression Operand) : BoundExpression(Location, Type);

/// <summary><c>target = value</c>; for a struct it copies the cells.</summary>
public sealed record BoundAssignment(SourceLocation Location, CType Type, BoundExpression Target, BoundExpression Value) : BoundExpression(Location, Type);

/// <summary>
/// <c>target op= value</c>: the target's value converted to <see cref="OperationType"/>, combined with value
/// (already converted; scaled by <see cref="Stride"/> for pointers), converted back and stored.
/// </summary>
public sealed record BoundCompoundAssignment(SourceLocation Location, CType Type, BoundExpression Target, BinaryOp Op, BoundExpression Value, CType OperationType, int Stride) : BoundExpression(Location, Type);

/// <summary>++/-- on an integer or pointer lvalue (Delta is ±1 times the pointer stride).</summary>
public sealed record BoundIncrement(SourceLocation Location, CType Type, BoundExpression Target, long Delta, bool IsPrefix) : BoundExpression(Location, Type);

/// <summary>A direct call; lowered to Call when the function has a body, to Intrinsic when it is a Lockstep primitive.</summary>
public sealed record BoundCall(SourceLocation Location, CType Type, FunctionSymbol Function, IReadOnlyList<BoundExpression> Arguments) : BoundExpression(Location, Type);

/// <summary>A GNU statement expression: runs Body, then its value is Result's (null: void).</summary>
public sealed record BoundStatementExpression(SourceLocation Location, CType Type, BoundBlock Body, BoundExpression? Result) : BoundExpression(Location, Type);

public sealed record BoundIndirectCall(SourceLocation Location, CType Type, BoundExpression Callee, IReadOnlyList<BoundExpression> Arguments) : BoundExpression(Location, Type);
