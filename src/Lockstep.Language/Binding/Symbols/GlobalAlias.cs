namespace Lockstep.Language.Binding.Symbols;

/// <summary>A function-static variable's name inside its function, standing for the global that holds it.</summary>
public sealed class GlobalAlias(string name, GlobalSymbol global) : Symbol(name, global.Location)
{
    public GlobalSymbol Global { get; } = global;
}
