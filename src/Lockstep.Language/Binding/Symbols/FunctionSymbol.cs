using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Text;

namespace Lockstep.Language.Binding.Symbols;

/// <summary>
/// A function. With a body it becomes an IR function; without one (a prototype from a header) a call to it is a
/// Lockstep primitive if the intrinsic catalog knows the name.
/// </summary>
public sealed class FunctionSymbol(string name, SourceLocation location, FunctionType type) : Symbol(name, location)
{
    public FunctionType Type { get; set; } = type;
    public BoundBlock? Body { get; set; }
    public SourceLocation DefinitionLocation { get; set; } = location;
    public List<LocalSymbol> Parameters { get; } = [];
    public List<LocalSymbol> Locals { get; } = [];
    public bool IsStatic { get; set; }
    public bool HasBody => Body is not null;
}
