namespace Lockstep.Language.Binding.Types;

public sealed class PointerType(CType element) : CType
{
    public CType Element { get; } = element;
    public override int Cells => 1;
    public override string Name => Element.Declare(Element is ArrayType or FunctionType ? "(*)" : "*");

    public override string Declare(string declarator) =>
        Element.Declare(Element is ArrayType or FunctionType ? "(*" + declarator + ")" : "*" + declarator);

    /// <summary>Cells between consecutive elements for pointer arithmetic (1 for void * and function pointers, as GNU C).</summary>
    public int Stride => Element is VoidType or FunctionType ? 1 : Math.Max(1, Element.Cells);
}
