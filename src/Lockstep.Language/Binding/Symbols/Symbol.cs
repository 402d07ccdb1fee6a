using Lockstep.Language.Binding.Types;
using Lockstep.Language.Text;

namespace Lockstep.Language.Binding.Symbols;

/// <summary>A named entity of the ordinary identifier namespace.</summary>
public abstract class Symbol(string name, SourceLocation location)
{
    public string Name { get; } = name;
    public SourceLocation Location { get; } = location;
    public override string ToString() => Name;
}

public sealed class TypedefSymbol(string name, SourceLocation location, CType type) : Symbol(name, location)
{
    public CType Type { get; } = type;
}

public sealed class EnumConstantSymbol(string name, SourceLocation location, long value) : Symbol(name, location)
{
    public long Value { get; } = value;
}
