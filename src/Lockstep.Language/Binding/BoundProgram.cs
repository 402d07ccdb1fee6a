using Lockstep.Language.Binding.Symbols;

namespace Lockstep.Language.Binding;

/// <summary>The bound model: globals in declaration order (function statics included) and every declared function.</summary>
public sealed record BoundProgram(IReadOnlyList<GlobalSymbol> Globals, IReadOnlyList<FunctionSymbol> Functions);
