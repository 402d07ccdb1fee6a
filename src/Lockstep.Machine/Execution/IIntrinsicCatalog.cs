namespace Lockstep.Machine.Execution;

/// <summary>
/// Which primitive names exist. The Language layer asks it when a model calls a function that has a prototype
/// (from a header) but no body: such a call is lowered to <see cref="Ir.OpCode.Intrinsic"/> if the catalog
/// knows the name, and is an error at the call site otherwise ("declared but not defined, and not a Lockstep primitive").
/// </summary>
public interface IIntrinsicCatalog
{
    bool IsIntrinsic(string name);
}

/// <summary>A catalog from a fixed set of names (tests and tools).</summary>
public sealed class NameSetCatalog(IEnumerable<string> names) : IIntrinsicCatalog
{
    private readonly HashSet<string> _names = new(names, StringComparer.Ordinal);
    public static readonly NameSetCatalog Empty = new([]);
    public bool IsIntrinsic(string name) => _names.Contains(name);
}
