using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Analysis;

/// <summary>
/// Which frame slots are live before each instruction of a function (read before being overwritten on some path).
/// The interpreter zeroes the dead slots of a thread when it parks it, so that states that differ only in stale
/// temporaries or dead locals are the same state — the stateful search then visits each once.
/// </summary>
public sealed class SlotLiveness
{
    private readonly ulong[][] _liveIn;
    private readonly int _words;

    private SlotLiveness(ulong[][] liveIn, int words)
    {
        _liveIn = liveIn;
        _words = words;
    }

    public int Words => _words;

    /// <summary>Live slots before instruction <paramref name="pc"/> (past the end: none).</summary>
    public ReadOnlySpan<ulong> LiveBefore(int pc) => pc < _liveIn.Length ? _liveIn[pc] : ReadOnlySpan<ulong>.Empty;

    public static SlotLiveness Analyze(IrFunction function)
    {
        var code = function.Code;
        var words = Math.Max(1, (function.SlotCount + 63) / 64);
        var liveIn = new ulong[code.Length][];
        for (var i = 0; i < code.Length; i++) liveIn[i] = new ulong[words];
        var scratch = new ulong[words];
        bool changed;
        do
        {
            changed = false;
            for (var pc = code.Length - 1; pc >= 0; pc--)
            {
                ref readonly var ins = ref code[pc];
                Array.Clear(scratch);
                // live-out = union of the successors' live-in
                switch (ins.Op)
                {
                    case OpCode.Return:
                    case OpCode.Trap:
                        break;
                    case OpCode.Jump:
                        Or(scratch, Target(liveIn, ins.Imm));
                        break;
                    case OpCode.JumpIfZero:
                    case OpCode.JumpIfNotZero:
                        Or(scratch, Target(liveIn, ins.Imm));
                        Or(scratch, Target(liveIn, pc + 1));
                        break;
                    default:
                        Or(scratch, Target(liveIn, pc + 1));
                        break;
                }
                // live-in = uses ∪ (live-out − defs)
                var def = Defines(ins);
                if (def >= 0) Clear(scratch, def);
                foreach (var use in Uses(ins)) if (use >= 0) Set(scratch, use);
                if (!scratch.AsSpan().SequenceEqual(liveIn[pc]))
                {
                    scratch.CopyTo(liveIn[pc], 0);
                    changed = true;
                }
            }
        } while (changed);
        // Slots holding frame-owned objects must survive until the return frees the objects.
        foreach (var s in function.FrameObjectSlots)
            foreach (var live in liveIn) Set(live, s);
        return new SlotLiveness(liveIn, words);
    }

    private static ulong[]? Target(ulong[][] liveIn, long pc) => pc >= 0 && pc < liveIn.Length ? liveIn[pc] : null;

    private static void Or(ulong[] into, ulong[]? from)
    {
        if (from is null) return;
        for (var i = 0; i < into.Length; i++) into[i] |= from[i];
    }

    private static void Set(ulong[] bits, int slot) => bits[slot >> 6] |= 1UL << (slot & 63);
    private static void Clear(ulong[] bits, int slot) => bits[slot >> 6] &= ~(1UL << (slot & 63));

    /// <summary>The slot an instruction writes (-1 if none).</summary>
    public static int Defines(in Instruction ins) => ins.Op switch
    {
        OpCode.Const or OpCode.Move or OpCode.Unary or OpCode.Binary or OpCode.Convert or OpCode.Load
            or OpCode.Call or OpCode.CallIndirect or OpCode.Intrinsic or OpCode.AllocLocal => ins.A,
        _ => -1,
    };

    private static IEnumerable<int> Uses(Instruction ins)
    {
        switch (ins.Op)
        {
            case OpCode.Move:
            case OpCode.Unary:
            case OpCode.Convert:
            case OpCode.Load:
            case OpCode.JumpIfZero:
            case OpCode.JumpIfNotZero:
            case OpCode.Return:
                yield return ins.B;
                break;
            case OpCode.Binary:
                yield return ins.B;
                yield return ins.C;
                break;
            case OpCode.Store:
                yield return ins.A;
                yield return ins.B;
                break;
            case OpCode.CallIndirect:
                yield return ins.B;
                if (ins.Args is not null) foreach (var a in ins.Args) yield return a;
                break;
            case OpCode.Call:
                if (ins.Args is not null) foreach (var a in ins.Args) yield return a;
                break;
            case OpCode.Intrinsic:
                // The phase slot is read by the primitive (it keeps a multi-step primitive's progress).
                yield return ins.C;
                if (ins.Args is not null) foreach (var a in ins.Args) yield return a;
                break;
        }
    }
}
