using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Diagnostics;
using Lockstep.Language.Syntax.Ast;
using Lockstep.Language.Text;

namespace Lockstep.Language.Binding;

/// <summary>
/// Resolves names and types, checks the model against C's rules for the supported subset, and produces the bound
/// tree. Errors produce <see cref="ErrorType"/> nodes so that one mistake is reported once.
/// </summary>
public sealed partial class Binder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly Scope _builtinScope = new(null);
    private readonly Scope _fileScope;
    private Scope _scope;
    private readonly List<GlobalSymbol> _globals = [];
    private readonly List<FunctionSymbol> _functions = [];

    // Per function being bound.
    private FunctionSymbol? _function;
    private int _loopDepth;
    private int _breakableDepth;
    private readonly Stack<SwitchContext> _switches = new();

    private sealed class SwitchContext(IntegerType type)
    {
        public IntegerType Type { get; } = type;
        public HashSet<long> Cases { get; } = [];
        public bool HasDefault { get; set; }
    }
    private Dictionary<string, SourceLocation> _labels = new(StringComparer.Ordinal);
    private List<(string Label, SourceLocation At)> _gotos = [];

    public Binder(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        var none = new SourceLocation("<builtin>", 0, 0);
        void Typedef(string name, CType type) => _builtinScope.Declare(new TypedefSymbol(name, none, type));
        Typedef("bool", IntegerType.Bool);
        Typedef("u8", IntegerType.UChar);
        Typedef("u16", IntegerType.UShort);
        Typedef("u32", IntegerType.UInt);
        Typedef("u64", IntegerType.ULongLong);
        Typedef("s8", IntegerType.SChar);
        Typedef("s16", IntegerType.Short);
        Typedef("s32", IntegerType.Int);
        Typedef("s64", IntegerType.LongLong);
        Typedef("size_t", IntegerType.ULong);
        Typedef("ssize_t", IntegerType.Long);
        Typedef("uintptr_t", IntegerType.ULong);
        Typedef("intptr_t", IntegerType.Long);
        Typedef("gfp_t", IntegerType.UInt);
        _builtinScope.Declare(new EnumConstantSymbol("true", none, 1));
        _builtinScope.Declare(new EnumConstantSymbol("false", none, 0));
        _fileScope = new Scope(_builtinScope);
        _scope = _fileScope;
    }

    public static BoundProgram Bind(TranslationUnitSyntax unit, DiagnosticBag diagnostics) => new Binder(diagnostics).BindUnit(unit);

    public BoundProgram BindUnit(TranslationUnitSyntax unit)
    {
        foreach (var member in unit.Members)
        {
            if (_diagnostics.IsFull) break;
            switch (member)
            {
                case DeclarationSyntax d: BindGlobalDeclaration(d); break;
                case FunctionDefinitionSyntax f: BindFunctionDefinition(f); break;
                case StaticAssertSyntax sa: BindStaticAssert(sa); break;
            }
        }
        return new BoundProgram(_globals, _functions);
    }

    private void Error(SourceLocation at, string message) => _diagnostics.Error(at, message);

    private BoundError ErrorExpression(SourceLocation at, string message)
    {
        Error(at, message);
        return new BoundError(at);
    }

    private void PushScope() => _scope = new Scope(_scope);
    private void PopScope() => _scope = _scope.Parent!;

    private static string Quote(CType t) => $"'{t.Name}'";
}
