using System.Text;
using Lockstep.Language.Binding;
using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;

namespace Lockstep.Language.Lowering;

/// <summary>
/// Function signatures for indirect calls (see <see cref="Machine.Ir.IrFunction.Signature"/>): one id per function
/// type after typedef resolution (return and parameter types; names play no part, and the model language has no
/// qualifiers in types). A call through a pointer of type T can only reach address-taken functions whose signature
/// is T's, so casts that let a function be called as another type must be accounted for: a conversion between two
/// function pointer types merges their signatures, and a function pointer converted to anything else (void *, an
/// integer, a pointer to a function pointer) loses its signature: functions of that type get -1 (callable by any
/// indirect call). Also collects the address-taken functions: every function used as a value.
/// </summary>
internal sealed class SignatureTable
{
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);
    private readonly List<int> _parent = [];
    private readonly HashSet<int> _escaped = [];
    private readonly Dictionary<int, int> _compact = [];
    private readonly Dictionary<StructType, int> _structIds = new(ReferenceEqualityComparer.Instance);

    public HashSet<FunctionSymbol> AddressTaken { get; } = new(ReferenceEqualityComparer.Instance);

    public static SignatureTable Analyze(BoundProgram program)
    {
        var t = new SignatureTable();
        foreach (var g in program.Globals)
            if (g.Initializer is not null) BoundWalker.Walk(g.Initializer, t.Visit);
        foreach (var f in program.Functions)
        {
            t.Node(f.Type);
            if (f.Body is not null) BoundWalker.Walk(f.Body, t.Visit);
        }
        return t;
    }

    private void Visit(BoundExpression e)
    {
        switch (e)
        {
            case BoundFunctionRef r:
                AddressTaken.Add(r.Function);
                break;
            case BoundFunctionAddress a:
                AddressTaken.Add(a.Function);
                break;
            case BoundIndirectCall call when Callee(call.Callee.Type) is { } ft:
                Node(ft);
                break;
            case BoundConversion cv when !CType.Same(cv.Operand.Type, cv.Type):
                Convert(cv.Operand.Type, cv.Type);
                break;
        }
    }

    private void Convert(CType from, CType to)
    {
        if (to is VoidType or IntegerType { Bits: 1 }) return; // a truth value or nothing: cannot be called
        var a = Callee(from);
        var b = Callee(to);
        if (a is not null && b is not null) { Union(Node(a), Node(b)); return; }
        if (a is not null) { _escaped.Add(Find(Node(a))); return; }
        // A pointer to a function pointer (or deeper) converted: what is stored through it may be called as anything.
        foreach (var ft in NestedFunctionTypes(from)) _escaped.Add(Find(Node(ft)));
        foreach (var ft in NestedFunctionTypes(to)) _escaped.Add(Find(Node(ft)));
    }

    private static IEnumerable<FunctionType> NestedFunctionTypes(CType t)
    {
        while (true)
        {
            switch (t)
            {
                case PointerType p: t = p.Element; continue;
                case ArrayType a: t = a.Element; continue;
                case FunctionType f: yield return f; yield break;
                default: yield break;
            }
        }
    }

    /// <summary>The function type a value of type <paramref name="t"/> calls (a function pointer or a function designator).</summary>
    private static FunctionType? Callee(CType t) => t switch
    {
        PointerType { Element: FunctionType f } => f,
        FunctionType f => f,
        _ => null,
    };

    private int Node(FunctionType f)
    {
        var key = Key(f);
        if (_keys.TryGetValue(key, out var id)) return id;
        id = _parent.Count;
        _parent.Add(id);
        _keys[key] = id;
        return id;
    }

    private int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    private void Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a == b) return;
        _parent[b] = a;
        if (_escaped.Remove(b)) _escaped.Add(a);
    }

    private int Id(FunctionType f)
    {
        var root = Find(Node(f));
        if (_compact.TryGetValue(root, out var id)) return id;
        id = _compact.Count;
        _compact[root] = id;
        return id;
    }

    /// <summary>The signature of a defined function: -1 when its type escaped through a cast.</summary>
    public int FunctionSignature(FunctionSymbol f)
    {
        var id = Id(f.Type);
        return _escaped.Contains(Find(Node(f.Type))) ? -1 : id;
    }

    /// <summary>The signature an indirect call through a value of type <paramref name="callee"/> calls, -1 if it is not a function pointer.</summary>
    public int CallSignature(CType callee) => Callee(callee) is { } f ? Id(f) : -1;

    private string Key(CType t)
    {
        var sb = new StringBuilder();
        AppendKey(sb, t, parameter: false);
        return sb.ToString();
    }

    private void AppendKey(StringBuilder sb, CType t, bool parameter)
    {
        switch (t)
        {
            case IntegerType i: sb.Append('i').Append((int)i.Kind); break;
            case VoidType: sb.Append('v'); break;
            case PointerType p: sb.Append('*'); AppendKey(sb, p.Element, false); break;
            // A parameter of array or function type is a pointer.
            case ArrayType a when parameter: sb.Append('*'); AppendKey(sb, a.Element, false); break;
            case ArrayType a: sb.Append('[').Append(a.Length).Append(']'); AppendKey(sb, a.Element, false); break;
            case StructType s:
                if (!_structIds.TryGetValue(s, out var id)) { id = _structIds.Count; _structIds[s] = id; }
                sb.Append('s').Append(id).Append(';');
                break;
            case FunctionType f:
                if (parameter) sb.Append('*');
                sb.Append("f(");
                AppendKey(sb, f.Return, false);
                foreach (var p in f.Parameters) { sb.Append(','); AppendKey(sb, p, true); }
                if (f.IsVariadic) sb.Append(",...");
                sb.Append(')');
                break;
            default: sb.Append('?'); break;
        }
    }
}
