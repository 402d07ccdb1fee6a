namespace Lockstep.Machine.Ir;

/// <summary>
/// One IR instruction. <see cref="Site"/> indexes <see cref="IrProgram.Sites"/> and is what a trace prints
/// for this instruction (file:line and the source text), so lowering gives every instruction the site of the
/// expression or statement it came from.
/// <see cref="Class"/> feeds partial-order reduction (see <see cref="IrProgram.LocationClasses"/>): for Load and
/// Store the location class of the cell accessed, for Intrinsic the class of the object its first argument points
/// to, for CallIndirect the signature id of the function pointer's type; -1 when unknown (which is always sound:
/// an unknown location conflicts with every location, an unknown signature may call any address-taken function).
/// </summary>
public readonly record struct Instruction(
    OpCode Op,
    byte Sub,
    int A,
    int B,
    int C,
    long Imm,
    int[]? Args,
    int Site,
    int Class = -1)
{
    public override string ToString()
    {
        var args = Args is null ? "" : " (" + string.Join(", ", Args) + ")";
        return $"{Op} sub={Sub} a={A} b={B} c={C} imm={Imm}{args} @{Site}";
    }
}
