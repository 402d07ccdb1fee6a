using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Analysis;

/// <summary>
/// A static bound on what a thread can still touch, per program point: for every instruction of every function, the
/// location classes read and written from there to the function's return — by its own instructions and by everything
/// they may call (directly, or through a function pointer of the same signature) — and whether that may touch anything
/// at all (an unclassified access, a primitive that frees memory). A function that starts threads may bring about what
/// any address-taken function does (the new thread's code), and writes the thread table.
/// Partial-order reduction needs this bound for the threads it leaves out of a persistent set; bounding from the
/// program point (not the whole function) is what lets a thread that has passed its shared work, or a kthread()
/// trampoline whose thread function has already been called, stop conflicting with what it did before.
/// </summary>
public sealed class FutureFootprints
{
    // Flags kept in the last word of a bound, after the read and write words.
    private const ulong GlobalFlag = 1;
    private const ulong WritesTasksFlag = 2;
    private const ulong ReadsTasksFlag = 4;
    private const ulong AwaitsExitsFlag = 8;
    private const ulong SpawnsFlag = 16;
    /// <summary>May touch memory of unknown class (an access through a pointer the lowering could not classify).</summary>
    private const ulong AnyMemoryFlag = 32;

    private readonly int _words;
    /// <summary>Per function, the bound of the whole function (its entry's).</summary>
    private readonly ulong[][] _summary;
    /// <summary>Per function and pc, the bound from that pc to the function's return.</summary>
    private readonly ulong[][][] _fromPc;
    /// <summary>
    /// Per function and pc, the unclassified accesses of this function reachable from the pc through a pointer slot
    /// that no instruction reachable from the pc redefines: each touches exactly the cell the slot's current value
    /// (plus the offset) names, so the bound names that cell instead of "any memory" (<c>int *mine = data; ...
    /// WRITE_ONCE(*mine, ...)</c> in a loop).
    /// </summary>
    private readonly ExactAccess[][][] _exact;

    /// <summary>An access through pointer slot <see cref="Slot"/> at <see cref="Offset"/> cells.</summary>
    public readonly record struct ExactAccess(int Slot, long Offset, bool Write);

    private FutureFootprints(IrProgram program, int classes)
    {
        _words = (classes + 63) / 64;
        var n = program.Functions.Count;
        _summary = new ulong[n][];
        _fromPc = new ulong[n][][];
        _exact = new ExactAccess[n][][];
        for (var f = 0; f < n; f++)
        {
            _summary[f] = NewBound();
            var code = program.Functions[f].Code;
            _fromPc[f] = new ulong[code.Length][];
            for (var pc = 0; pc < code.Length; pc++) _fromPc[f][pc] = NewBound();
        }
    }

    private ulong[] NewBound() => new ulong[2 * _words + 1];

    /// <summary>Null when the program has no location classes, or calls a primitive that registers code to run on any
    /// thread (<see cref="StaticFootprint.RunsAnywhere"/>).</summary>
    public static FutureFootprints? Analyze(LoadedProgram loaded)
    {
        var program = loaded.Program;
        if (program.LocationClasses is null) return null;
        foreach (var intrinsic in loaded.Intrinsics)
            if ((intrinsic.Static & StaticFootprint.RunsAnywhere) != 0) return null;
        var n = program.Functions.Count;
        var result = new FutureFootprints(program, program.LocationClasses.Count);
        var addressTaken = program.AddressTakenFunctions ?? Enumerable.Range(0, n).ToList();
        // What each instruction does itself (calls contribute their callees' summaries below).
        var direct = new ulong[n][][];
        var callees = new List<int>[n][];
        var classless = new bool[n];
        for (var f = 0; f < n; f++)
        {
            var code = program.Functions[f].Code;
            foreach (var ins in code) classless[f] |= IsClassless(ins);
            direct[f] = new ulong[code.Length][];
            callees[f] = new List<int>[code.Length];
            for (var pc = 0; pc < code.Length; pc++)
            {
                direct[f][pc] = result.NewBound();
                callees[f][pc] = [];
                result.AddDirect(direct[f][pc], code[pc], loaded, callees[f][pc], addressTaken);
            }
        }
        // Summaries and per-pc bounds together, to a fixpoint (recursion makes the call graph cyclic, loops the code).
        bool changed;
        do
        {
            changed = false;
            for (var f = 0; f < n; f++)
            {
                var code = program.Functions[f].Code;
                var bounds = result._fromPc[f];
                for (var pc = code.Length - 1; pc >= 0; pc--)
                {
                    var bound = bounds[pc];
                    changed |= Or(bound, direct[f][pc]);
                    foreach (var g in callees[f][pc]) changed |= Or(bound, result._summary[g]);
                    var ins = code[pc];
                    switch (ins.Op)
                    {
                        case OpCode.Return or OpCode.Trap:
                            break;
                        case OpCode.Jump:
                            changed |= OrAt(bound, bounds, ins.Imm);
                            break;
                        case OpCode.JumpIfZero or OpCode.JumpIfNotZero:
                            changed |= OrAt(bound, bounds, ins.Imm);
                            changed |= OrAt(bound, bounds, pc + 1);
                            break;
                        default:
                            changed |= OrAt(bound, bounds, pc + 1);
                            break;
                    }
                }
                if (code.Length > 0) changed |= Or(result._summary[f], bounds[0]);
                // A call finds its callee's unclassified accesses in a frame that does not exist yet: any memory.
                if (classless[f] && (result._summary[f][^1] & AnyMemoryFlag) == 0) { result._summary[f][^1] |= AnyMemoryFlag; changed = true; }
            }
        } while (changed);
        for (var f = 0; f < n; f++) result.AddOwnAccesses(f, program.Functions[f]);
        var sites = new HashSet<int>();
        var unclassified = new HashSet<int>();
        foreach (var function in program.Functions)
            foreach (var ins in function.Code)
            {
                if (ins.Op is not (OpCode.Load or OpCode.Store) || (ins.Sub & (byte)MemoryFlags.Private) != 0) continue;
                sites.Add(ins.Site);
                if (ins.Class < 0) unclassified.Add(ins.Site);
            }
        result.AccessSites = sites.Count;
        result.UnclassifiedAccessSites = unclassified.Count;
        return result;
    }

    /// <summary>
    /// The function's own unclassified accesses, per pc: exact (through a slot no reachable instruction redefines) or,
    /// failing that, any memory. Two intraprocedural backward fixpoints: the slots defined from each pc on, and the
    /// accesses reachable from it.
    /// </summary>
    private void AddOwnAccesses(int f, IrFunction function)
    {
        var code = function.Code;
        var slotWords = (function.SlotCount + 63) / 64 + 1;
        var defs = new ulong[code.Length][];
        var accesses = new HashSet<ExactAccess>[code.Length];
        for (var pc = 0; pc < code.Length; pc++)
        {
            defs[pc] = new ulong[slotWords];
            accesses[pc] = [];
        }
        bool changed;
        do
        {
            changed = false;
            for (var pc = code.Length - 1; pc >= 0; pc--)
            {
                var ins = code[pc];
                var def = SlotLiveness.Defines(ins);
                if (def >= 0 && (defs[pc][def >> 6] & (1UL << (def & 63))) == 0) { defs[pc][def >> 6] |= 1UL << (def & 63); changed = true; }
                if (IsClassless(ins))
                {
                    var access = ins.Op == OpCode.Load ? new ExactAccess(ins.B, ins.Imm, false) : new ExactAccess(ins.A, ins.Imm, true);
                    changed |= accesses[pc].Add(access);
                }
                foreach (var next in Successors(ins, pc, code.Length))
                {
                    changed |= Or(defs[pc], defs[next]);
                    foreach (var a in accesses[next]) changed |= accesses[pc].Add(a);
                }
            }
        } while (changed);
        _exact[f] = new ExactAccess[code.Length][];
        for (var pc = 0; pc < code.Length; pc++)
        {
            var exact = new List<ExactAccess>();
            foreach (var a in accesses[pc])
            {
                if (a.Slot >= 0 && (defs[pc][a.Slot >> 6] & (1UL << (a.Slot & 63))) == 0) exact.Add(a);
                else _fromPc[f][pc][^1] |= AnyMemoryFlag;
            }
            _exact[f][pc] = [.. exact];
        }
    }

    private static bool IsClassless(in Instruction ins) =>
        ins.Op is OpCode.Load or OpCode.Store && (ins.Sub & (byte)MemoryFlags.Private) == 0 && ins.Class < 0;

    private static IEnumerable<int> Successors(Instruction ins, int pc, int length)
    {
        switch (ins.Op)
        {
            case OpCode.Return or OpCode.Trap:
                yield break;
            case OpCode.Jump:
                if (ins.Imm >= 0 && ins.Imm < length) yield return (int)ins.Imm;
                yield break;
            case OpCode.JumpIfZero or OpCode.JumpIfNotZero:
                if (ins.Imm >= 0 && ins.Imm < length) yield return (int)ins.Imm;
                if (pc + 1 < length) yield return pc + 1;
                yield break;
            default:
                if (pc + 1 < length) yield return pc + 1;
                yield break;
        }
    }

    private void AddDirect(ulong[] bound, in Instruction ins, LoadedProgram loaded, List<int> callees, IReadOnlyList<int> addressTaken)
    {
        switch (ins.Op)
        {
            case OpCode.Load or OpCode.Store when (ins.Sub & (byte)MemoryFlags.Private) == 0:
                // Unclassified accesses are added per pc by AddOwnAccesses (exact where the pointer slot is invariant).
                if (ins.Class >= 0) Set(bound, ins.Class, ins.Op == OpCode.Store);
                break;
            case OpCode.Intrinsic:
                var footprint = loaded.Intrinsics[(int)ins.Imm].Static;
                if ((footprint & StaticFootprint.Global) != 0) bound[^1] |= GlobalFlag;
                if ((footprint & StaticFootprint.Tasks) != 0) bound[^1] |= WritesTasksFlag;
                if ((footprint & StaticFootprint.ReadsTasks) != 0) bound[^1] |= ReadsTasksFlag;
                if ((footprint & StaticFootprint.AwaitsExit) != 0) bound[^1] |= AwaitsExitsFlag;
                if ((footprint & StaticFootprint.Spawns) != 0)
                {
                    // The new thread runs a function the arguments name: only an address-taken one can be named, and
                    // what it does is part of what this thread's future may bring about.
                    bound[^1] |= SpawnsFlag;
                    callees.AddRange(addressTaken);
                }
                if ((footprint & StaticFootprint.ArgumentObject) != 0)
                {
                    if (ins.Class >= 0) Set(bound, ins.Class, write: true);
                    else bound[^1] |= AnyMemoryFlag;
                }
                break;
            case OpCode.Call:
                callees.Add((int)ins.Imm);
                break;
            case OpCode.CallIndirect:
                foreach (var g in addressTaken)
                {
                    var signature = loaded.Program.Functions[g].Signature;
                    if (ins.Class < 0 || signature < 0 || signature == ins.Class) callees.Add(g);
                }
                break;
        }
    }

    private static bool OrAt(ulong[] into, ulong[][] bounds, long pc) =>
        pc >= 0 && pc < bounds.Length && Or(into, bounds[pc]);

    private static bool Or(ulong[] into, ulong[] from)
    {
        var changed = false;
        for (var i = 0; i < into.Length; i++)
        {
            var v = into[i] | from[i];
            if (v != into[i]) { into[i] = v; changed = true; }
        }
        return changed;
    }

    private void Set(ulong[] bound, int index, bool write) =>
        bound[(write ? _words : 0) + (index >> 6)] |= 1UL << (index & 63);

    /// <summary>Adds everything a thread may touch from <paramref name="pc"/> of <paramref name="function"/> to its return.
    /// Returns false when that is anything (the sink was marked global).</summary>
    public bool AddFrom(int function, int pc, IFootprintSink sink)
    {
        var bounds = _fromPc[function];
        if (pc < 0 || pc >= bounds.Length) return true;
        var bound = bounds[pc];
        var flags = bound[^1];
        if ((flags & GlobalFlag) != 0) { sink.MarkGlobal(); return false; }
        if ((flags & WritesTasksFlag) != 0) sink.AddClass(LocationClasses.Tasks, write: true);
        else if ((flags & ReadsTasksFlag) != 0) sink.AddClass(LocationClasses.Tasks, write: false);
        if ((flags & AwaitsExitsFlag) != 0) sink.AddClass(LocationClasses.Exits, write: true);
        if ((flags & SpawnsFlag) != 0) sink.AddClass(LocationClasses.ThreadTable, write: true);
        if ((flags & AnyMemoryFlag) != 0) sink.MarkAnyClass();
        for (var w = 0; w < _words; w++)
        {
            var reads = bound[w];
            var writes = bound[_words + w];
            var any = reads | writes;
            while (any != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(any);
                any &= any - 1;
                sink.AddClass(w * 64 + bit, (writes & (1UL << bit)) != 0);
            }
        }
        return true;
    }

    /// <summary>Source sites with a shared load or store (statistics: how much of the model the classes cover).</summary>
    public int AccessSites { get; private set; }

    /// <summary>Those of <see cref="AccessSites"/> with an access the lowering could not classify (a pointer to a scalar):
    /// in a future they are exact cells where the pointer slot is invariant, else "any memory".</summary>
    public int UnclassifiedAccessSites { get; private set; }

    /// <summary>The accesses from <paramref name="pc"/> on whose cell is the current value of a slot of the frame.</summary>
    public ReadOnlySpan<ExactAccess> ExactFrom(int function, int pc)
    {
        var exact = _exact[function];
        return pc >= 0 && pc < exact.Length ? exact[pc] : [];
    }

    /// <summary>Whether a call of <paramref name="function"/> may touch anything (a primitive whose effect has no bound).</summary>
    public bool IsGlobal(int function) => (_summary[function][^1] & GlobalFlag) != 0;
}
