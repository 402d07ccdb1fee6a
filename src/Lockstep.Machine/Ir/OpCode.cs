namespace Lockstep.Machine.Ir;

/// <summary>
/// The instruction set. Instructions are three-address code over frame slots: every local variable and
/// every temporary is a slot of the current frame, so a thread can be parked before any instruction with
/// all of its state in the state vector (no hidden operand stack).
/// Operand conventions are documented per opcode; <c>A</c>, <c>B</c>, <c>C</c> are slot indices unless
/// stated otherwise, <c>Imm</c> is an immediate.
/// </summary>
public enum OpCode : byte
{
    Nop,
    /// <summary>slot[A] = Imm.</summary>
    Const,
    /// <summary>slot[A] = slot[B].</summary>
    Move,
    /// <summary>slot[A] = (UnaryOp)Sub slot[B].</summary>
    Unary,
    /// <summary>slot[A] = slot[B] (BinaryOp)Sub slot[C].</summary>
    Binary,
    /// <summary>slot[A] = slot[B] truncated to Imm bits (8, 16, 32 or 64), sign-extended if Sub == 1, zero-extended if Sub == 0; Imm == 1 converts to bool (0/1).</summary>
    Convert,
    /// <summary>slot[A] = memory[slot[B] + Imm cells]. Visible unless Sub has <see cref="MemoryFlags.Private"/>.</summary>
    Load,
    /// <summary>memory[slot[A] + Imm cells] = slot[B]. Visible unless Sub has <see cref="MemoryFlags.Private"/>.</summary>
    Store,
    /// <summary>pc = Imm.</summary>
    Jump,
    /// <summary>if slot[B] == 0 then pc = Imm.</summary>
    JumpIfZero,
    /// <summary>if slot[B] != 0 then pc = Imm.</summary>
    JumpIfNotZero,
    /// <summary>Call function Imm with arguments slot[Args[i]]; the result goes to slot[A] (A == -1: discarded).</summary>
    Call,
    /// <summary>Call the function whose pointer value is slot[B] (see <see cref="Pointer.Function"/>); otherwise as <see cref="Call"/>.</summary>
    CallIndirect,
    /// <summary>Return slot[B] (B == -1: return 0 / void).</summary>
    Return,
    /// <summary>
    /// Call intrinsic Imm (index into <see cref="IrProgram.Intrinsics"/>) with arguments slot[Args[i]], result to slot[A]
    /// (A == -1: discarded). slot[C] is the call site's scratch slot: the lowering sets it to 0 right before this
    /// instruction; a multi-phase primitive (e.g. synchronize_srcu) keeps its phase there between visits.
    /// </summary>
    Intrinsic,
    /// <summary>
    /// slot[A] = pointer to a new zeroed object of Imm cells owned by the frame (an address-taken local or local array).
    /// The object is freed when the function returns, so a pointer kept past that is a use-after-free.
    /// </summary>
    AllocLocal,
    /// <summary>Report a bug: control reached the end of a non-void function or an unreachable point. Imm = string id of the message.</summary>
    Trap,
}

/// <summary>Sub-operation of <see cref="OpCode.Unary"/>.</summary>
public enum UnaryOp : byte
{
    Negate,
    BitNot,
    LogicalNot,
}

/// <summary>Sub-operation of <see cref="OpCode.Binary"/>. Comparisons yield 0 or 1. S = signed, U = unsigned (64-bit compare of the values as stored).</summary>
public enum BinaryOp : byte
{
    Add, Sub, Mul, DivS, DivU, RemS, RemU,
    And, Or, Xor, Shl, ShrS, ShrU,
    Eq, Ne, LtS, LeS, GtS, GeS, LtU, LeU, GtU, GeU,
}

/// <summary>Flags in <see cref="Instruction.Sub"/> for Load and Store.</summary>
[Flags]
public enum MemoryFlags : byte
{
    None = 0,
    /// <summary>The access cannot race (a const global such as an ops table): it is not a scheduling point.</summary>
    Private = 1,
}
