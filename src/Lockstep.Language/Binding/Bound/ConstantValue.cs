using Lockstep.Language.Binding.Symbols;

namespace Lockstep.Language.Binding.Bound;

/// <summary>The value of a constant expression: an integer, or an address constant (global + cell offset, function, string).</summary>
public abstract record ConstantValue;

public sealed record IntegerConstant(long Value) : ConstantValue;

public sealed record GlobalAddressConstant(GlobalSymbol Global, long Offset) : ConstantValue;

public sealed record FunctionAddressConstant(FunctionSymbol Function) : ConstantValue;

public sealed record StringConstant(string Value) : ConstantValue;
