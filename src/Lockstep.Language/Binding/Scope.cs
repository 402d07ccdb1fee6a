using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;

namespace Lockstep.Language.Binding;

/// <summary>A block scope: ordinary identifiers and struct/union/enum tags, each shadowing the enclosing scope's.</summary>
public sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CType> _tags = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public Symbol? LookupLocal(string name) => _symbols.GetValueOrDefault(name);

    public Symbol? Lookup(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
            if (s._symbols.TryGetValue(name, out var symbol)) return symbol;
        return null;
    }

    public void Declare(Symbol symbol) => _symbols[symbol.Name] = symbol;

    public CType? LookupTagLocal(string tag) => _tags.GetValueOrDefault(tag);

    public CType? LookupTag(string tag)
    {
        for (var s = this; s is not null; s = s.Parent)
            if (s._tags.TryGetValue(tag, out var type)) return type;
        return null;
    }

    public void DeclareTag(string tag, CType type) => _tags[tag] = type;
}
