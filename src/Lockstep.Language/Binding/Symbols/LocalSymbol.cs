using Lockstep.Language.Binding.Types;
using Lockstep.Language.Text;

namespace Lockstep.Language.Binding.Symbols;

/// <summary>
/// A parameter or automatic local. It lives in a frame slot unless it is an aggregate or its address is taken,
/// in which case the slot holds a pointer to a frame-owned object (<c>AllocLocal</c>).
/// </summary>
public sealed class LocalSymbol(string name, SourceLocation location, CType type, bool isConst, int parameterIndex) : Symbol(name, location)
{
    public CType Type { get; set; } = type;
    public bool IsConst { get; } = isConst;
    /// <summary>Index among the parameters, or -1 for a local.</summary>
    public int ParameterIndex { get; } = parameterIndex;
    public bool IsParameter => ParameterIndex >= 0;
    /// <summary>Set by the binder when <c>&amp;x</c> is taken or an array local decays to a pointer.</summary>
    public bool AddressTaken { get; set; }
    public bool InMemory => AddressTaken || Type.IsAggregate;
}
