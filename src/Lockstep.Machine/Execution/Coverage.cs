using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// What the interpreter reached over a whole search: a flag per source site (set when a thread gets to an instruction
/// of that site, whether or not it can go on) and, per conditional jump, which ways it went. Kept per executor and
/// merged at the end; it costs an array store per instruction and nothing per state.
/// </summary>
public sealed class Coverage
{
    /// <summary>Bits of <see cref="Jumps"/>: the jump was taken, or control fell through.</summary>
    public const byte Taken = 1, FellThrough = 2;

    private readonly int[] _codeBase;

    public Coverage(IrProgram program)
    {
        Program = program;
        Sites = new bool[program.Sites.Count];
        _codeBase = new int[program.Functions.Count];
        var total = 0;
        for (var f = 0; f < program.Functions.Count; f++)
        {
            _codeBase[f] = total;
            total += program.Functions[f].Code.Length;
        }
        Jumps = new byte[total];
    }

    public IrProgram Program { get; }
    /// <summary>Indexed by site id.</summary>
    public bool[] Sites { get; }
    /// <summary>Indexed by <see cref="CodeIndex"/> of a conditional jump.</summary>
    public byte[] Jumps { get; }

    /// <summary>A program-wide index for instruction <paramref name="pc"/> of function <paramref name="function"/>.</summary>
    public int CodeIndex(int function, int pc) => _codeBase[function] + pc;

    /// <summary>True for a conditional jump whose condition is not a constant the lowering put right before it (the
    /// <c>while (0)</c> of a <c>do { } while (0)</c> macro has one way only, and is no branch of the model).</summary>
    public static bool IsBranch(Instruction[] code, int pc)
    {
        var ins = code[pc];
        if (ins.Op is not (OpCode.JumpIfZero or OpCode.JumpIfNotZero)) return false;
        return pc == 0 || code[pc - 1].Op != OpCode.Const || code[pc - 1].A != ins.B;
    }

    /// <summary>Which instructions of <paramref name="code"/> control can get to at all (from pc 0, along jumps and
    /// fall-through): the lowering leaves dead code (the implicit return after a function's last <c>return</c>), which
    /// is no line of the model to reach.</summary>
    public static bool[] Live(Instruction[] code)
    {
        var live = new bool[code.Length];
        var work = new Stack<int>();
        if (code.Length > 0) work.Push(0);
        while (work.Count > 0)
        {
            var pc = work.Pop();
            if (pc < 0 || pc >= code.Length || live[pc]) continue;
            live[pc] = true;
            var ins = code[pc];
            switch (ins.Op)
            {
                case OpCode.Return:
                    break;
                case OpCode.Jump:
                    work.Push((int)ins.Imm);
                    break;
                case OpCode.JumpIfZero or OpCode.JumpIfNotZero:
                    work.Push((int)ins.Imm);
                    work.Push(pc + 1);
                    break;
                default:
                    // A trap ends the path too, but it is the model's own check (BUG()), which a report lists.
                    if (ins.Op != OpCode.Trap) work.Push(pc + 1);
                    break;
            }
        }
        return live;
    }

    public void MergeFrom(Coverage other)
    {
        for (var i = 0; i < Sites.Length; i++) Sites[i] |= other.Sites[i];
        for (var i = 0; i < Jumps.Length; i++) Jumps[i] |= other.Jumps[i];
    }
}
