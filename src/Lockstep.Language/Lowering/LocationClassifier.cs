using Lockstep.Language.Binding;
using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;
using Lockstep.Machine.Execution;

namespace Lockstep.Language.Lowering;

/// <summary>
/// Location classes for partial-order reduction (see <see cref="Machine.Ir.IrProgram.LocationClasses"/>). The one
/// hard requirement: every access to one memory cell that gets a class gets the SAME class, whatever access path
/// the C code uses; an access that cannot guarantee it gets -1 (unknown, conflicts with everything).
/// <para>
/// A class is an anchor and a cell offset in it. Along an access path (a named variable or a dereferenced pointer,
/// then members and array elements) every struct or union the path enters is a level. A struct type is
/// <em>pointable</em> when the program dereferences a pointer to it anywhere (<c>p-&gt;f</c>, <c>*p</c>,
/// <c>container_of(...)-&gt;f</c>, a struct-valued rvalue): paths can start at such a level without seeing the levels
/// around it. The anchor is the deepest pointable level of the path, so every path to a cell agrees on it: a path that
/// starts at a pointer starts at a pointable level, which the deepest pointable level is at or below. With no pointable
/// level the path can only have started at the variable itself, which is then the anchor ("global g+3").
/// Array indices are collapsed (every element of an array has the class of the first), except below a union.
/// </para>
/// <para>
/// Two kinds of levels stop the descent. A union: members alias, so below the outermost union the anchor no longer
/// moves and offsets are exact (a variable index there gives -1). An <em>object type</em>, one whose address a
/// primitive takes (<c>spin_lock(&amp;x-&gt;lock)</c>, <c>atomic_inc(&amp;x-&gt;users)</c>, <c>cancel_work_sync(&amp;x-&gt;work)</c>):
/// a primitive touches the whole object, so every cell inside it gets the class of the object's start, for plain
/// accesses (<c>work-&gt;func</c>) as for primitives. Anchoring at a pointable type that can be embedded in a union or
/// strictly inside an object type would break the agreement (other paths stop above it), so such accesses get -1.
/// A dereferenced pointer to a scalar (<c>*p</c>, <c>p[i]</c>, <c>*(long *)x</c>) has no level at all: -1. The pattern
/// <c>*&amp;lvalue</c> (smp_load_acquire(&amp;x-&gt;f)) is the lvalue itself.
/// </para>
/// </summary>
internal sealed class LocationClassifier
{
    private readonly HashSet<StructType> _pointable = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<StructType> _objects = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<StructType> _inUnion = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<StructType> _inObject = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(object Key, long Offset), int> _ids = new();
    private readonly Dictionary<StructType, string[]> _cellNames = new(ReferenceEqualityComparer.Instance);
    private readonly IIntrinsicCatalog _catalog;

    public List<string> Names { get; } = [];

    private LocationClassifier(IIntrinsicCatalog catalog) => _catalog = catalog;

    public bool IsPointable(StructType s) => _pointable.Contains(s);
    public bool IsObjectType(StructType s) => _objects.Contains(s);

    /// <summary>Scans the whole program: which struct types are dereferenced through pointers, which are primitive objects, which are embedded in unions or objects.</summary>
    public static LocationClassifier Analyze(BoundProgram program, IIntrinsicCatalog catalog)
    {
        var c = new LocationClassifier(catalog);
        var types = new HashSet<CType>(ReferenceEqualityComparer.Instance);
        foreach (var g in program.Globals)
        {
            types.Add(g.Type);
            if (g.Initializer is not null) BoundWalker.Walk(g.Initializer, e => c.Visit(e, types));
        }
        foreach (var f in program.Functions)
        {
            types.Add(f.Type);
            if (f.Body is null) continue;
            foreach (var p in f.Parameters) types.Add(p.Type);
            foreach (var l in f.Locals) types.Add(l.Type);
            BoundWalker.Walk(f.Body, e => c.Visit(e, types));
        }
        // Every struct or union type the program can name, and what is embedded (not pointed to) in unions and objects.
        var structs = new HashSet<StructType>(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<CType>(ReferenceEqualityComparer.Instance);
        var work = new Stack<CType>(types);
        while (work.Count > 0)
        {
            var t = work.Pop();
            if (!seen.Add(t)) continue;
            switch (t)
            {
                case PointerType p: work.Push(p.Element); break;
                case ArrayType a: work.Push(a.Element); break;
                case FunctionType ft:
                    work.Push(ft.Return);
                    foreach (var x in ft.Parameters) work.Push(x);
                    break;
                case StructType s:
                    structs.Add(s);
                    foreach (var f in s.Fields) work.Push(f.Type);
                    break;
            }
        }
        foreach (var s in structs)
        {
            if (s.IsUnion) foreach (var f in s.Fields) AddEmbedded(f.Type, c._inUnion);
            if (c._objects.Contains(s)) foreach (var f in s.Fields) AddEmbedded(f.Type, c._inObject);
        }
        return c;
    }

    private static void AddEmbedded(CType t, HashSet<StructType> into)
    {
        while (t is ArrayType a) t = a.Element;
        if (t is not StructType s || !into.Add(s)) return;
        foreach (var f in s.Fields) AddEmbedded(f.Type, into);
    }

    private void Visit(BoundExpression e, HashSet<CType> types)
    {
        types.Add(e.Type);
        switch (e)
        {
            case BoundDeref d:
                if (StripArrays(d.Type) is StructType ds) _pointable.Add(ds);
                break;
            case BoundLocal or BoundGlobal or BoundMember or BoundIndex:
                break;
            case BoundCall call when !call.Function.HasBody && _catalog.IsIntrinsic(call.Function.Name):
                if (ObjectOperand(call) is { } lvalue && StripArrays(lvalue.Type) is StructType os) _objects.Add(os);
                break;
            default:
                // A struct-valued rvalue (assignment, conditional, comma...) is used by address: a pointer start.
                if (e.Type is StructType rs) _pointable.Add(rs);
                break;
        }
    }

    /// <summary>The lvalue whose address is a primitive call's first pointer argument (<c>&amp;x-&gt;lock</c>), or null.</summary>
    public static BoundExpression? ObjectOperand(BoundCall call)
    {
        foreach (var arg in call.Arguments)
        {
            if (arg.Type is not PointerType) continue;
            var e = arg;
            while (e is BoundConversion cv) e = cv.Operand;
            return e is BoundAddressOf a ? a.Operand : null;
        }
        return null;
    }

    public static CType StripArrays(CType t)
    {
        while (t is ArrayType a) t = a.Element;
        return t;
    }

    /// <summary>The access path of an lvalue (or of a struct-valued expression), computed without lowering it.</summary>
    public AccessPath PathOf(BoundExpression e, string function)
    {
        switch (e)
        {
            case BoundLocal l:
                return l.Local.InMemory ? AccessPath.Named(this, $"local {function}.{l.Local.Name}", l.Type) : AccessPath.Unknown(this, l.Type);
            case BoundGlobal g:
                return AccessPath.Named(this, "global " + g.Global.Name, g.Type);
            case BoundDeref d:
                return DerefPath(d, function);
            case BoundMember m:
                return PathOf(m.Target, function).Member(m.Target.Type, m.Field);
            case BoundIndex ix:
                return PathOf(ix.Array, function).Index(ix.Type, ix.Index is BoundIntLiteral lit ? lit.Value : null);
            default:
                return AccessPath.Pointer(this, e.Type);
        }
    }

    /// <summary><c>*p</c>: a pointer start, except <c>*&amp;lvalue</c> (possibly through casts to the same type), which is the lvalue.</summary>
    public AccessPath DerefPath(BoundDeref d, string function)
    {
        var p = d.Pointer;
        while (p is BoundConversion cv) p = cv.Operand;
        if (p is BoundAddressOf a && a.Operand.IsLValue
            && (CType.Same(a.Operand.Type, d.Type) || (a.Operand.Type.IsScalar && d.Type.IsScalar)))
            return PathOf(a.Operand, function);
        return AccessPath.Pointer(this, d.Type);
    }

    /// <summary>The class of a primitive call (the object of its first pointer argument), -1 when unknown.</summary>
    public int IntrinsicClass(BoundCall call, string function) =>
        ObjectOperand(call) is { } lvalue ? PathOf(lvalue, function).ObjectClass() : -1;

    internal int Intern(StructType anchor, long offset, bool pointable, string? named)
    {
        // Anchored at a pointable type: every access through any path agrees, and the class is per type.
        // Anchored at a variable (its first struct level, not pointable): the class is per variable.
        object key = pointable ? anchor : named!;
        if (_ids.TryGetValue((key, offset), out var id)) return id;
        var names = CellNames(anchor);
        var cell = offset >= 0 && offset < names.Length ? names[offset] : "";
        var name = (pointable ? anchor.Name : named!) + "+" + offset + (cell.Length > 0 ? $" ({cell})" : "");
        return Add(key, offset, name);
    }

    internal int Intern(string named)
    {
        if (_ids.TryGetValue((named, -1), out var id)) return id;
        return Add(named, -1, named);
    }

    private int Add(object key, long offset, string name)
    {
        var id = Names.Count;
        Names.Add(name);
        _ids[(key, offset)] = id;
        return id;
    }

    private string[] CellNames(StructType s)
    {
        if (!_cellNames.TryGetValue(s, out var names))
        {
            names = FieldNamer.Names("", s);
            _cellNames[s] = names;
        }
        return names;
    }

    internal bool IsUnsafeAnchor(StructType s) => _inUnion.Contains(s) || _inObject.Contains(s);
}

/// <summary>The state of the classification along one access path (see <see cref="LocationClassifier"/>).</summary>
internal sealed class AccessPath
{
    private readonly LocationClassifier _c;
    private bool _unknown;
    private string? _named;
    private StructType? _anchor;
    private bool _anchorPointable;
    private long _offset;
    private bool _frozen;          // inside an object type: the whole object is one class
    private bool _union;           // below the outermost union: exact offsets, the anchor is fixed
    private bool _objectInUnion;   // an object type below a union: its primitives get -1

    private AccessPath(LocationClassifier c, CType type)
    {
        _c = c;
        Type = type;
    }

    /// <summary>The type of the lvalue the path designates.</summary>
    public CType Type { get; private set; }

    public static AccessPath Unknown(LocationClassifier c, CType type) => new(c, type) { _unknown = true };

    public static AccessPath Named(LocationClassifier c, string name, CType type)
    {
        var p = new AccessPath(c, type) { _named = name };
        p.Enter(type);
        return p;
    }

    /// <summary>The object a pointer designates: only a pointer to a struct or union (or arrays of them) gives a level.</summary>
    public static AccessPath Pointer(LocationClassifier c, CType type)
    {
        var p = new AccessPath(c, type);
        p.Enter(type);
        return p;
    }

    private AccessPath Clone() => (AccessPath)MemberwiseClone();

    private void Enter(CType t)
    {
        Type = t;
        if (_unknown || _frozen || t is not StructType s) return;
        if (_union)
        {
            if (_c.IsObjectType(s)) _objectInUnion = true;
            return;
        }
        if (_c.IsPointable(s))
        {
            _anchor = s;
            _offset = 0;
            _anchorPointable = true;
        }
        else if (_anchor is null)
        {
            // A pointer start must be pointable (the analysis saw the dereference); be safe if not.
            if (_named is null) { _unknown = true; return; }
            _anchor = s;
            _offset = 0;
            _anchorPointable = false;
        }
        if (_c.IsObjectType(s)) _frozen = true;
        else if (s.IsUnion) _union = true;
    }

    /// <summary><c>.field</c> of the current struct (the field as the binder found it, possibly inside anonymous members).</summary>
    public AccessPath Member(CType owner, StructField field)
    {
        var p = Clone();
        if (p._unknown) { p.Type = field.Type; return p; }
        var chain = owner is StructType s ? FieldChain(s, field.Name) : null;
        if (chain is null) { p._unknown = true; p.Type = field.Type; return p; }
        foreach (var f in chain) p.Step(f);
        return p;
    }

    private void Step(StructField f)
    {
        if (!_frozen) _offset += f.Offset;
        Enter(f.Type);
    }

    /// <summary>The direct fields from <paramref name="s"/> down to the member <paramref name="name"/> (anonymous members in between), as <see cref="StructType.Find"/> finds it.</summary>
    private static List<StructField>? FieldChain(StructType s, string name)
    {
        foreach (var f in s.Fields)
        {
            if (f.Name == name) return [f];
            if (f.Name.Length == 0 && f.Type is StructType inner && inner.Find(name) is not null)
            {
                var rest = FieldChain(inner, name);
                if (rest is null) return null;
                rest.Insert(0, f);
                return rest;
            }
        }
        return null;
    }

    /// <summary><c>[index]</c> of the current array (null: not a constant).</summary>
    public AccessPath Index(CType element, long? index)
    {
        var p = Clone();
        p.StepIndex(element, index);
        return p;
    }

    private void StepIndex(CType element, long? index)
    {
        if (!_unknown && !_frozen && _union)
        {
            if (index is null) _unknown = true;
            else _offset += index.Value * Math.Max(1, element.Cells);
        }
        Enter(element);
    }

    /// <summary>The class of the (scalar) cell the path designates.</summary>
    public int Leaf()
    {
        if (_unknown) return -1;
        if (_anchor is null) return _named is null ? -1 : _c.Intern(_named);
        if (_anchorPointable && _c.IsUnsafeAnchor(_anchor)) return -1;
        return _c.Intern(_anchor, _offset, _anchorPointable, _named);
    }

    /// <summary>The class of cell <paramref name="cell"/> of the (aggregate) object the path designates (a struct copy).</summary>
    public int Cell(long cell)
    {
        var p = Clone();
        while (true)
        {
            switch (p.Type)
            {
                case ArrayType a:
                {
                    var stride = Math.Max(1, a.Element.Cells);
                    var k = cell / stride;
                    p.StepIndex(a.Element, k);
                    cell -= k * stride;
                    continue;
                }
                case StructType s:
                {
                    StructField? found = null;
                    foreach (var f in s.Fields)
                        if (f.Type.Cells > 0 && f.Offset <= cell && cell < f.Offset + f.Type.Cells) { found = f; break; }
                    if (found is null) return p.Leaf();
                    p.Step(found);
                    cell -= found.Offset;
                    continue;
                }
                default:
                    return p.Leaf();
            }
        }
    }

    /// <summary>The class of the whole object the path designates, for a primitive that touches all of it; -1 if no single class covers it.</summary>
    public int ObjectClass()
    {
        if (_unknown) return -1;
        var p = this;
        if (p.Type is ArrayType)
        {
            // An array decayed to its first element: in a struct every element has the array's class.
            if (p._union && !p._frozen) return -1;
            p = p.Clone();
            while (p.Type is ArrayType a) p.StepIndex(a.Element, 0);
        }
        if (p.Type is StructType s)
        {
            if (p._frozen) return p.Leaf();
            if (p._union || p._objectInUnion) return -1;
            return s.Cells == 1 ? p.Cell(0) : -1;
        }
        return p.Leaf();
    }
}
