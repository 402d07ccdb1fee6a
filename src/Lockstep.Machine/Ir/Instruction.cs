namespace Lockstep.Machine.Ir;

/// <summary>
/// One IR instruction. <see cref="Site"/> indexes <see cref="IrProgram.Sites"/> and is what a trace prints
/// for this instruction (file:line and the source text), so lowering gives every instruction the site of the
/// expression or statement it came from.
/// </summary>
public readonly record struct Instruction(
    OpCode Op,
    byte Sub,
    int A,
    int B,
    int C,
    long Imm,
    int[]? Args,
    int Site)
{
    public override string ToString()
    {
        var args = Args is null ? "" : " (" + string.Join(", ", Args) + ")";
        return $"{Op} sub={Sub} a={A} b={B} c={C} imm={Imm}{args} @{Site}";
    }
}
