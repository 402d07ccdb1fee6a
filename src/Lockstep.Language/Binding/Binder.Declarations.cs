using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Syntax.Ast;
using Lockstep.Language.Text;

namespace Lockstep.Language.Binding;

public sealed partial class Binder
{
    private void BindGlobalDeclaration(DeclarationSyntax d)
    {
        ResolveSpecifiers(d.Specifiers);
        var storage = d.Specifiers.Storage;
        if ((storage & StorageClass.ThreadLocal) != 0) Error(d.Location, "thread-local variables are not supported; keep per-thread state in the thread's locals or pass it as the thread argument");
        foreach (var decl in d.Declarators)
        {
            var type = ResolveType(decl.Type);
            if ((storage & StorageClass.Typedef) != 0)
            {
                DeclareTypedef(decl, type);
                continue;
            }
            if (type is FunctionType ft)
            {
                DeclareFunction(decl.Name, decl.Location, ft, (storage & StorageClass.Static) != 0);
                if (decl.Initializer is not null) Error(decl.Location, $"illegal initializer (only variables can be initialized)");
                continue;
            }
            DeclareGlobal(decl, type, IsConstObject(decl.Type), storage);
        }
    }

    /// <summary>
    /// Is the declared object itself const? <c>const int x</c> and <c>const int a[3]</c> are; <c>const char *p</c> is not
    /// (its pointee is), <c>char *const p</c> is.
    /// </summary>
    private static bool IsConstObject(TypeSyntax t) => t switch
    {
        PointerTypeSyntax p => p.IsConst,
        ArrayTypeSyntax a => IsConstObject(a.Element),
        SpecifiedType s => s.Specifiers.IsConst,
        _ => false,
    };

    private void DeclareTypedef(DeclaratorSyntax decl, CType type)
    {
        if (_scope.LookupLocal(decl.Name) is { } existing)
        {
            if (existing is TypedefSymbol td && (CType.Same(td.Type, type) || type.IsError || td.Type.IsError)) return;
            Error(decl.Location, existing is TypedefSymbol ? $"typedef redefinition with different types ({Quote(type)} vs {Quote(((TypedefSymbol)existing).Type)})" : $"redefinition of '{decl.Name}' as different kind of symbol");
            return;
        }
        if (decl.Initializer is not null) Error(decl.Location, "illegal initializer (only variables can be initialized)");
        if (type is StructType { Tag: null, TypedefName: null } anonymous) anonymous.TypedefName = decl.Name;
        _scope.Declare(new TypedefSymbol(decl.Name, decl.Location, type));
    }

    private FunctionSymbol? DeclareFunction(string name, SourceLocation at, FunctionType type, bool isStatic)
    {
        var existing = _scope.Lookup(name);
        if (existing is FunctionSymbol f)
        {
            if (!CType.Same(f.Type, type) && !type.Return.IsError && !f.Type.Return.IsError && !type.Parameters.Any(p => p.IsError) && !f.Type.Parameters.Any(p => p.IsError))
            {
                Error(at, $"conflicting types for '{name}'");
                return f;
            }
            if (_scope.LookupLocal(name) is null) _scope.Declare(f);
            return f;
        }
        if (existing is not null && _scope.LookupLocal(name) is not null && existing is not EnumConstantSymbol { Location.Line: 0 })
        {
            Error(at, $"redefinition of '{name}' as different kind of symbol");
            return null;
        }
        var symbol = new FunctionSymbol(name, at, type) { IsStatic = isStatic };
        _functions.Add(symbol);
        _fileScope.Declare(symbol);
        if (!ReferenceEquals(_scope, _fileScope)) _scope.Declare(symbol);
        return symbol;
    }

    private void DeclareGlobal(DeclaratorSyntax decl, CType type, bool isConst, StorageClass storage)
    {
        if (type.IsVoid) { Error(decl.Location, $"variable has incomplete type 'void'"); return; }
        GlobalSymbol global;
        if (_scope.LookupLocal(decl.Name) is { } existing)
        {
            if (existing is not GlobalSymbol g)
            {
                Error(decl.Location, $"redefinition of '{decl.Name}' as different kind of symbol");
                return;
            }
            if (!CType.Same(g.Type, type) && !(g.Type is ArrayType ga && type is ArrayType ta && (ga.Length < 0 || ta.Length < 0) && CType.Same(ga.Element, ta.Element)) && !type.IsError && !g.Type.IsError)
            {
                Error(decl.Location, $"redefinition of '{decl.Name}' with a different type: {Quote(type)} vs {Quote(g.Type)}");
                return;
            }
            if (g.Type is ArrayType { Length: < 0 }) g.Type = type;
            global = g;
        }
        else
        {
            global = new GlobalSymbol(decl.Name, decl.Location, type, isConst) { IsStatic = (storage & StorageClass.Static) != 0 };
            _scope.Declare(global);
            _globals.Add(global);
        }
        if ((storage & StorageClass.Extern) == 0 || decl.Initializer is not null)
        {
            if (decl.Initializer is not null)
            {
                if (global.Initializer is not null) { Error(decl.Location, $"redefinition of '{decl.Name}'"); return; }
                var init = BindInitializer(global.Type, decl.Initializer, out var completed);
                global.Type = completed;
                global.Initializer = init;
                CheckConstantInitializer(init);
            }
            global.HasDefinition = true;
        }
        if (global.Type is StructType { IsComplete: false } st && global.HasDefinition)
            Error(decl.Location, $"variable has incomplete type '{st.Name}'");
        if (global.Type is ArrayType { Length: < 0 } && global.HasDefinition)
            global.Type = new ArrayType(((ArrayType)global.Type).Element, 1);
    }

    private void CheckConstantInitializer(BoundInitializer init)
    {
        foreach (var e in init.Entries)
        {
            if (e.Value.Type.IsError) continue;
            if (ConstantEvaluator.Evaluate(e.Value) is null || e.Value.Type.IsStruct)
                Error(e.Value.Location, "initializer element is not a compile-time constant");
        }
    }

    private void BindFunctionDefinition(FunctionDefinitionSyntax f)
    {
        ResolveSpecifiers(f.Specifiers);
        var type = ResolveType(f.Type) as FunctionType;
        if (type is null) return;
        var symbol = DeclareFunction(f.Name, f.Location, type, (f.Specifiers.Storage & StorageClass.Static) != 0);
        if (symbol is null) return;
        if (symbol.HasBody)
        {
            Error(f.Location, $"redefinition of '{f.Name}'");
            return;
        }
        if (type.IsVariadic)
            Error(f.Location, "variadic function definitions are not supported; only Lockstep primitives (prototypes without a body) may be variadic");
        symbol.DefinitionLocation = f.Location;
        symbol.Type = type;
        _function = symbol;
        _loopDepth = 0;
        _breakableDepth = 0;
        _switches.Clear();
        _labels = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        _gotos = [];
        PushScope();
        for (var i = 0; i < f.Type.Parameters.Length; i++)
        {
            var p = f.Type.Parameters[i];
            var pt = i < type.Parameters.Count ? type.Parameters[i] : ErrorType.Instance;
            if (p.Name is null)
            {
                Error(p.Location, "parameter name omitted");
                continue;
            }
            var isConst = IsConstObject(p.Type);
            var local = new LocalSymbol(p.Name, p.Location, pt, isConst, i);
            if (_scope.LookupLocal(p.Name) is not null) Error(p.Location, $"redefinition of parameter '{p.Name}'");
            _scope.Declare(local);
            symbol.Parameters.Add(local);
        }
        var statements = new List<BoundStatement>();
        foreach (var s in f.Body.Statements) statements.Add(BindStatement(s));
        PopScope();
        foreach (var (label, at) in _gotos)
            if (!_labels.ContainsKey(label)) Error(at, $"use of undeclared label '{label}'");
        symbol.Body = new BoundBlock(f.Body.Location, statements);
        _function = null;
    }

    /// <summary>A declaration inside a function body: locals, statics, typedefs, prototypes.</summary>
    private BoundStatement BindLocalDeclaration(DeclarationSyntax d)
    {
        ResolveSpecifiers(d.Specifiers);
        var storage = d.Specifiers.Storage;
        var result = new List<BoundStatement>();
        foreach (var decl in d.Declarators)
        {
            var type = ResolveType(decl.Type);
            if ((storage & StorageClass.Typedef) != 0) { DeclareTypedef(decl, type); continue; }
            if (type is FunctionType ft) { DeclareFunction(decl.Name, decl.Location, ft, false); continue; }
            if ((storage & StorageClass.Extern) != 0)
            {
                if (_fileScope.LookupLocal(decl.Name) is GlobalSymbol g) _scope.Declare(g);
                else DeclareGlobalFromBlock(decl, type, IsConstObject(decl.Type));
                continue;
            }
            if ((storage & StorageClass.Static) != 0)
            {
                var name = $"{_function?.Name}.{decl.Name}";
                var global = new GlobalSymbol(name, decl.Location, type, IsConstObject(decl.Type)) { IsStatic = true, HasDefinition = true };
                if (decl.Initializer is not null)
                {
                    global.Initializer = BindInitializer(type, decl.Initializer, out var completed);
                    global.Type = completed;
                    CheckConstantInitializer(global.Initializer);
                }
                if (global.Type is ArrayType { Length: < 0 } ua) global.Type = new ArrayType(ua.Element, 1);
                _globals.Add(global);
                _scope.Declare(new GlobalAlias(decl.Name, global));
                continue;
            }
            if (type.IsVoid) { Error(decl.Location, "variable has incomplete type 'void'"); continue; }
            if (type is StructType { IsComplete: false } st) { Error(decl.Location, $"variable has incomplete type '{st.Name}'"); continue; }
            if (_scope.LookupLocal(decl.Name) is not null) Error(decl.Location, $"redefinition of '{decl.Name}'");
            var local = new LocalSymbol(decl.Name, decl.Location, type, IsConstObject(decl.Type), -1);
            BoundInitializer? init = null;
            if (decl.Initializer is not null)
            {
                // The name is in scope in its own initializer (C), e.g. "struct list_head l = LIST_HEAD_INIT(l)".
                _scope.Declare(local);
                init = BindInitializer(type, decl.Initializer, out var completed);
                local.Type = completed;
            }
            if (local.Type is ArrayType { Length: < 0 } ua2)
            {
                Error(decl.Location, $"definition of variable with array type needs an explicit size or an initializer");
                local.Type = new ArrayType(ua2.Element, 1);
            }
            _scope.Declare(local);
            _function?.Locals.Add(local);
            result.Add(new BoundLocalDeclaration(decl.Location, local, init));
        }
        return result.Count == 1 ? result[0] : new BoundBlock(d.Location, result);
    }

    private void DeclareGlobalFromBlock(DeclaratorSyntax decl, CType type, bool isConst)
    {
        var global = new GlobalSymbol(decl.Name, decl.Location, type, isConst);
        _fileScope.Declare(global);
        _globals.Add(global);
        _scope.Declare(global);
    }
}
