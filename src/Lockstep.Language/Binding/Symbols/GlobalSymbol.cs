using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Text;

namespace Lockstep.Language.Binding.Symbols;

/// <summary>A global (or function-static) variable: one object of the state, numbered in declaration order.</summary>
public sealed class GlobalSymbol(string name, SourceLocation location, CType type, bool isConst) : Symbol(name, location)
{
    public CType Type { get; set; } = type;
    public bool IsConst { get; set; } = isConst;
    public BoundInitializer? Initializer { get; set; }
    public bool HasDefinition { get; set; }
    public bool IsStatic { get; set; }
    public int Index { get; set; } = -1;
}
