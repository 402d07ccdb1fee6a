namespace Lockstep.Language.Binding.Types;

/// <summary>A fixed array; <see cref="Length"/> is -1 while unknown (<c>int a[] = {...}</c> before its initializer).</summary>
public sealed class ArrayType(CType element, int length) : CType
{
    public CType Element { get; } = element;
    public int Length { get; } = length;
    public override int Cells => Math.Max(0, Length) * Element.Cells;
    public override string Name => Declare("");
    public override string Declare(string declarator) => Element.Declare(declarator + (Length < 0 ? "[]" : $"[{Length}]"));
}
