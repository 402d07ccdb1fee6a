namespace Lockstep.Language.Binding.Types;

public sealed class FunctionType(CType returnType, IReadOnlyList<CType> parameters, bool isVariadic) : CType
{
    public CType Return { get; } = returnType;
    public IReadOnlyList<CType> Parameters { get; } = parameters;
    public bool IsVariadic { get; } = isVariadic;
    public override int Cells => 1;
    public override string Name => Declare("");

    public override string Declare(string declarator)
    {
        var ps = Parameters.Count == 0 && !IsVariadic ? "void" : string.Join(", ", Parameters.Select(p => p.Name));
        if (IsVariadic) ps += Parameters.Count > 0 ? ", ..." : "...";
        return Return.Declare(declarator + "(" + ps + ")");
    }
}
