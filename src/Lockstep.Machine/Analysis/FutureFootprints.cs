using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Analysis;

/// <summary>
/// A static bound on what a thread can still touch: for every function, the location classes read and written by
/// it and by everything it may call (directly, or through a function pointer of the same signature), and whether it
/// may touch anything at all (an unclassified access, a primitive that creates threads or frees memory).
/// Partial-order reduction needs this bound for the threads it leaves out of a persistent set.
/// </summary>
public sealed class FutureFootprints
{
    private readonly ulong[][] _reads;
    private readonly ulong[][] _writes;
    private readonly bool[] _global;
    private readonly bool[] _touchesTasks;
    private readonly int _words;

    private FutureFootprints(int functions, int classes)
    {
        _words = (classes + 63) / 64;
        _reads = new ulong[functions][];
        _writes = new ulong[functions][];
        _global = new bool[functions];
        _touchesTasks = new bool[functions];
        for (var f = 0; f < functions; f++)
        {
            _reads[f] = new ulong[_words];
            _writes[f] = new ulong[_words];
        }
    }

    /// <summary>Null when the program has no location classes, or calls a primitive that registers code to run on any
    /// thread (<see cref="StaticFootprint.RunsAnywhere"/>).</summary>
    public static FutureFootprints? Analyze(LoadedProgram loaded)
    {
        var program = loaded.Program;
        if (program.LocationClasses is null) return null;
        foreach (var intrinsic in loaded.Intrinsics)
            if ((intrinsic.Static & StaticFootprint.RunsAnywhere) != 0) return null;
        var n = program.Functions.Count;
        var result = new FutureFootprints(n, program.LocationClasses.Count);
        var callees = new List<int>[n];
        var addressTaken = program.AddressTakenFunctions ?? Enumerable.Range(0, n).ToList();
        for (var f = 0; f < n; f++)
        {
            callees[f] = [];
            foreach (var ins in program.Functions[f].Code)
                result.AddDirect(f, ins, loaded, callees[f], addressTaken);
        }
        // Close over calls: iterate to a fixpoint (recursion makes the call graph cyclic).
        bool changed;
        do
        {
            changed = false;
            for (var f = 0; f < n; f++)
                foreach (var g in callees[f])
                    changed |= result.Merge(f, g);
        } while (changed);
        return result;
    }

    private void AddDirect(int f, in Instruction ins, LoadedProgram loaded, List<int> callees, IReadOnlyList<int> addressTaken)
    {
        switch (ins.Op)
        {
            case OpCode.Load or OpCode.Store when (ins.Sub & (byte)MemoryFlags.Private) == 0:
                if (ins.Class < 0) _global[f] = true;
                else Set(ins.Op == OpCode.Store ? _writes[f] : _reads[f], ins.Class);
                break;
            case OpCode.Intrinsic:
                var footprint = loaded.Intrinsics[(int)ins.Imm].Static;
                if ((footprint & StaticFootprint.Global) != 0) _global[f] = true;
                if ((footprint & StaticFootprint.Tasks) != 0) _touchesTasks[f] = true;
                if ((footprint & StaticFootprint.ArgumentObject) != 0)
                {
                    if (ins.Class >= 0) Set(_writes[f], ins.Class);
                    else _global[f] = true;
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

    private bool Merge(int into, int from)
    {
        var changed = false;
        if (_global[from] && !_global[into]) { _global[into] = true; changed = true; }
        if (_touchesTasks[from] && !_touchesTasks[into]) { _touchesTasks[into] = true; changed = true; }
        changed |= Or(_reads[into], _reads[from]);
        changed |= Or(_writes[into], _writes[from]);
        return changed;
    }

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

    private static void Set(ulong[] bits, int index) => bits[index >> 6] |= 1UL << (index & 63);

    /// <summary>Adds everything a thread running <paramref name="function"/> (and what it calls) may touch.</summary>
    public void AddTo(int function, IFootprintSink sink)
    {
        if (_global[function]) { sink.MarkGlobal(); return; }
        if (_touchesTasks[function]) sink.AddClass(LocationClasses.Tasks, write: true);
        var reads = _reads[function];
        var writes = _writes[function];
        for (var w = 0; w < _words; w++)
        {
            var any = reads[w] | writes[w];
            while (any != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(any);
                any &= any - 1;
                var index = w * 64 + bit;
                sink.AddClass(index, (writes[w] & (1UL << bit)) != 0);
            }
        }
    }

    public bool IsGlobal(int function) => _global[function];
}
