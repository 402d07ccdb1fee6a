using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Syntax.Ast;

namespace Lockstep.Language.Binding;

public sealed partial class Binder
{
    /// <summary>The type a declarator denotes.</summary>
    private CType ResolveType(TypeSyntax syntax)
    {
        switch (syntax)
        {
            case SpecifiedType s:
                return ResolveSpecifiers(s.Specifiers);
            case PointerTypeSyntax p:
                return new PointerType(ResolveType(p.Element));
            case ArrayTypeSyntax a:
            {
                var element = ResolveType(a.Element);
                if (element.IsError) return element;
                if (element.IsFunction) { Error(a.Location, "'type' declared as array of functions"); return ErrorType.Instance; }
                if (element.IsVoid) { Error(a.Location, "array has incomplete element type 'void'"); return ErrorType.Instance; }
                if (element is StructType { IsComplete: false } st) { Error(a.Location, $"array has incomplete element type '{st.Name}'"); return ErrorType.Instance; }
                if (a.Size is null) return new ArrayType(element, -1);
                var size = BindExpression(a.Size);
                if (size.Type.IsError) return ErrorType.Instance;
                if (ConstantEvaluator.EvaluateInteger(size) is not { } n)
                {
                    Error(a.Size.Location, "variable-length arrays are not supported; use a fixed-size array");
                    return ErrorType.Instance;
                }
                if (n < 0) { Error(a.Size.Location, "array size is negative"); return ErrorType.Instance; }
                if (n * element.Cells > 1 << 20) { Error(a.Size.Location, $"array is too large ({n} elements); the model state must stay small"); return ErrorType.Instance; }
                return new ArrayType(element, (int)n);
            }
            case FunctionTypeSyntax f:
            {
                var ret = ResolveType(f.Return);
                if (ret.IsArray) { Error(f.Location, "function cannot return array type " + Quote(ret)); ret = ErrorType.Instance; }
                if (ret.IsFunction) { Error(f.Location, "function cannot return function type " + Quote(ret)); ret = ErrorType.Instance; }
                if (ret.IsStruct) { Error(f.Location, "returning structs by value is not supported; return a pointer, or fill in a struct passed by pointer"); ret = ErrorType.Instance; }
                var ps = new List<CType>();
                foreach (var p in f.Parameters)
                {
                    var pt = AdjustParameter(ResolveType(p.Type));
                    if (pt.IsVoid) { Error(p.Location, "'void' must be the first and only parameter if specified"); pt = ErrorType.Instance; }
                    if (pt.IsStruct) { Error(p.Location, $"passing structs by value is not supported; pass a pointer ('{pt.Name} *') instead"); pt = ErrorType.Instance; }
                    ps.Add(pt);
                }
                return new FunctionType(ret, ps, f.IsVariadic);
            }
        }
        return ErrorType.Instance;
    }

    private readonly Dictionary<DeclSpecifiers, CType> _resolvedSpecifiers = new(ReferenceEqualityComparer.Instance);

    /// <summary>The base type of a declaration's specifiers, resolved once (a struct definition in them is bound once).</summary>
    private CType ResolveSpecifiers(DeclSpecifiers specs)
    {
        if (_resolvedSpecifiers.TryGetValue(specs, out var t)) return t;
        t = ResolveSpecifier(specs.Type);
        _resolvedSpecifiers[specs] = t;
        return t;
    }

    /// <summary>Array and function parameters are pointers.</summary>
    private static CType AdjustParameter(CType t) => t switch
    {
        ArrayType a => new PointerType(a.Element),
        FunctionType f => new PointerType(f),
        _ => t,
    };

    private CType ResolveSpecifier(TypeSpecifierSyntax spec)
    {
        switch (spec)
        {
            case BuiltinTypeSpecifier b:
                return ResolveBuiltin(b);
            case NamedTypeSpecifier n:
                if (_scope.Lookup(n.Name) is TypedefSymbol td) return td.Type;
                Error(n.Location, $"unknown type name '{n.Name}'");
                return ErrorType.Instance;
            case StructSpecifier s:
                return ResolveStruct(s);
            case EnumSpecifier e:
                return ResolveEnum(e);
            case TypeofSpecifier t:
            {
                if (t.Type is not null) return ResolveType(t.Type);
                var e = BindExpression(t.Expression!);
                return e.Type;
            }
        }
        return ErrorType.Instance;
    }

    private CType ResolveBuiltin(BuiltinTypeSpecifier b)
    {
        int signed = 0, unsigned = 0, longs = 0, shorts = 0, ints = 0, chars = 0, voids = 0, bools = 0, other = 0;
        foreach (var w in b.Keywords)
        {
            switch (w)
            {
                case "signed": case "__signed__": case "__signed": signed++; break;
                case "unsigned": unsigned++; break;
                case "long": longs++; break;
                case "short": shorts++; break;
                case "int": ints++; break;
                case "char": chars++; break;
                case "void": voids++; break;
                case "_Bool": bools++; break;
                case "float":
                case "double":
                    Error(b.Location, $"floating-point types are not supported ('{w}'); use an integer type (for example a fixed-point count)");
                    return ErrorType.Instance;
                default:
                    Error(b.Location, $"'{w}' is not supported; use u64 or another integer type");
                    return ErrorType.Instance;
            }
        }
        var text = string.Join(' ', b.Keywords);
        CType? result = null;
        if (signed + unsigned > 1 || ints > 1 || shorts > 1 || longs > 2 || chars > 1 || (shorts > 0 && longs > 0) || other > 0) result = null;
        else if (voids == 1 && b.Keywords.Length == 1) result = VoidType.Instance;
        else if (bools == 1 && b.Keywords.Length == 1) result = IntegerType.Bool;
        else if (voids > 0 || bools > 0) result = null;
        else if (chars == 1)
            result = ints + shorts + longs > 0 ? null : unsigned > 0 ? IntegerType.UChar : signed > 0 ? IntegerType.SChar : IntegerType.Char;
        else if (shorts == 1) result = unsigned > 0 ? IntegerType.UShort : IntegerType.Short;
        else if (longs == 2) result = unsigned > 0 ? IntegerType.ULongLong : IntegerType.LongLong;
        else if (longs == 1) result = unsigned > 0 ? IntegerType.ULong : IntegerType.Long;
        else result = unsigned > 0 ? IntegerType.UInt : IntegerType.Int;
        if (result is null)
        {
            Error(b.Location, $"invalid combination of type specifiers '{text}'");
            return ErrorType.Instance;
        }
        return result;
    }

    private CType ResolveStruct(StructSpecifier s)
    {
        StructType type;
        if (s.Tag is null) type = new StructType(null, s.IsUnion);
        else if (s.Fields is null)
        {
            // A reference: find the tag anywhere, or declare it (incomplete) here.
            if (_scope.LookupTag(s.Tag) is { } found)
            {
                if (found is StructType st && st.IsUnion == s.IsUnion) return st;
                Error(s.Location, $"use of '{s.Tag}' with tag type that does not match previous declaration");
                return ErrorType.Instance;
            }
            type = new StructType(s.Tag, s.IsUnion);
            _scope.DeclareTag(s.Tag, type);
            return type;
        }
        else
        {
            var existing = _scope.LookupTagLocal(s.Tag);
            if (existing is StructType st && st.IsUnion == s.IsUnion && !st.IsComplete) type = st;
            else if (existing is not null)
            {
                Error(s.Location, existing is StructType { IsComplete: true } ? $"redefinition of '{s.Tag}'" : $"use of '{s.Tag}' with tag type that does not match previous declaration");
                return existing is StructType ? existing : ErrorType.Instance;
            }
            else
            {
                type = new StructType(s.Tag, s.IsUnion);
                _scope.DeclareTag(s.Tag, type);
            }
        }
        var members = new List<(string?, CType)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var f in s.Fields!)
        {
            var ft = ResolveType(f.Type);
            if (f.BitWidth is not null)
            {
                Error(f.Location, "bit-fields are not supported; use a separate integer field (or an unsigned long flags word with set_bit/test_bit)");
                ft = ErrorType.Instance;
            }
            if (ft.IsFunction) { Error(f.Location, $"field '{f.Name}' declared as a function"); ft = ErrorType.Instance; }
            if (ft.IsVoid) { Error(f.Location, $"field has incomplete type 'void'"); ft = ErrorType.Instance; }
            if (ft is StructType { IsComplete: false } inc) { Error(f.Location, $"field has incomplete type '{inc.Name}'"); ft = ErrorType.Instance; }
            if (ft is ArrayType { Length: < 0 } fa) ft = new ArrayType(fa.Element, 0); // flexible array member: no cells
            if (f.Name is not null && !names.Add(f.Name)) { Error(f.Location, $"duplicate member '{f.Name}'"); continue; }
            total += ft.Cells;
            if (total > MaxArrayCells)
            {
                Error(f.Location, $"'{type.Name}' is too large; the model state must stay small");
                break;
            }
            members.Add((f.Name, ft));
        }
        type.Complete(members);
        return type;
    }

    private CType ResolveEnum(EnumSpecifier e)
    {
        if (e.Enumerators is null)
        {
            if (e.Tag is not null && _scope.LookupTag(e.Tag) is not null) return IntegerType.Int;
            if (e.Tag is not null) _scope.DeclareTag(e.Tag, IntegerType.Int);
            return IntegerType.Int;
        }
        if (e.Tag is not null) _scope.DeclareTag(e.Tag, IntegerType.Int);
        long next = 0;
        foreach (var item in e.Enumerators)
        {
            if (item.Value is not null)
            {
                var v = BindExpression(item.Value);
                if (!v.Type.IsError)
                {
                    if (ConstantEvaluator.EvaluateInteger(v) is { } n) next = n;
                    else Error(item.Value.Location, "expression is not an integer constant expression");
                }
            }
            if (_scope.LookupLocal(item.Name) is not null) Error(item.Location, $"redefinition of '{item.Name}'");
            _scope.Declare(new EnumConstantSymbol(item.Name, item.Location, next));
            next = unchecked(next + 1);
        }
        return IntegerType.Int;
    }
}
