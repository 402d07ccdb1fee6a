using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Diagnostics;
using Lockstep.Language.Text;
using Lockstep.Machine.Execution;

namespace Lockstep.Language.Lowering;

/// <summary>What every function's lowering shares: function and intrinsic numbering, strings, sites, diagnostics.</summary>
internal sealed class LoweringContext(DiagnosticBag diagnostics, SiteTable sites, IIntrinsicCatalog catalog)
{
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _intrinsics = new(StringComparer.Ordinal);

    public DiagnosticBag Diagnostics { get; } = diagnostics;
    public SiteTable Sites { get; } = sites;
    public IIntrinsicCatalog Catalog { get; } = catalog;
    public Dictionary<FunctionSymbol, int> FunctionIndex { get; } = new(ReferenceEqualityComparer.Instance);
    public List<string> Strings { get; } = [];
    public List<string> Intrinsics { get; } = [];
    /// <summary>Location classes and signatures, computed from the whole bound program before any function is lowered.</summary>
    public LocationClassifier Classes { get; set; } = null!;
    public SignatureTable Signatures { get; set; } = null!;

    public int InternString(string s)
    {
        if (_strings.TryGetValue(s, out var i)) return i;
        i = Strings.Count;
        Strings.Add(s);
        _strings[s] = i;
        return i;
    }

    public int InternIntrinsic(string name)
    {
        if (_intrinsics.TryGetValue(name, out var i)) return i;
        i = Intrinsics.Count;
        Intrinsics.Add(name);
        _intrinsics[name] = i;
        return i;
    }

    /// <summary>The function index of a function used as a value; reports (and returns null) for a primitive or an undefined function.</summary>
    public int? FunctionAddress(FunctionSymbol f, SourceLocation at)
    {
        if (FunctionIndex.TryGetValue(f, out var i)) return i;
        if (Catalog.IsIntrinsic(f.Name))
            Diagnostics.Error(at, $"cannot take the address of Lockstep primitive '{f.Name}'; wrap the call in a function of the model and use that function");
        else
            Diagnostics.Error(at, $"'{f.Name}' is declared but not defined, and is not a Lockstep primitive");
        return null;
    }
}
