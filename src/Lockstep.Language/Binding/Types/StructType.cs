namespace Lockstep.Language.Binding.Types;

/// <summary>A member of a struct or union at a cell offset from the start of the object.</summary>
public sealed record StructField(string Name, CType Type, int Offset);

/// <summary>
/// A struct or union. Filled in when its definition is bound (it can be referred to before: <c>struct kvm *</c>).
/// Members of anonymous struct/union members are found by <see cref="Find"/> with their offsets in this type.
/// </summary>
public sealed class StructType(string? tag, bool isUnion) : CType
{
    private readonly List<StructField> _fields = [];
    private int _cells;

    public string? Tag { get; } = tag;
    public bool IsUnion { get; } = isUnion;
    public bool IsComplete { get; private set; }
    public IReadOnlyList<StructField> Fields => _fields;
    /// <summary>An empty struct takes one cell so that every object has an address of its own.</summary>
    public override int Cells => Math.Max(1, _cells);
    /// <summary>The typedef that names an anonymous struct (<c>typedef struct { ... } spinlock_t;</c>), for messages.</summary>
    public string? TypedefName { get; set; }
    public override string Name => Tag is null && TypedefName is not null ? TypedefName : (IsUnion ? "union " : "struct ") + (Tag ?? "(anonymous)");

    public void Complete(IEnumerable<(string? Name, CType Type)> members)
    {
        _fields.Clear();
        var offset = 0;
        var size = 0;
        foreach (var (name, type) in members)
        {
            var at = IsUnion ? 0 : offset;
            _fields.Add(new StructField(name ?? "", type, at));
            offset = at + type.Cells;
            size = Math.Max(size, at + type.Cells);
        }
        _cells = size;
        IsComplete = true;
    }

    /// <summary>The member called <paramref name="name"/>, looking into anonymous members; its offset is from this struct.</summary>
    public StructField? Find(string name)
    {
        foreach (var f in _fields)
        {
            if (f.Name == name) return f;
            if (f.Name.Length == 0 && f.Type is StructType inner && inner.Find(name) is { } nested)
                return nested with { Offset = f.Offset + nested.Offset };
        }
        return null;
    }
}
