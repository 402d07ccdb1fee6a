using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Analysis;

/// <summary>
/// The locking discipline step merging assumes (docs/step-merging.md): for each cell of a global variable, the lock
/// that guards it (its <em>guard</em>, a fixed lock address), and which global locks' releases may run in the
/// transition before them. It is guessed statically and checked during the search: the executor raises a
/// <see cref="DisciplineViolationException"/> for an access that breaks it, and the checker searches again with that
/// location class left out (<c>fallbacks</c>), so no verdict rests on a guess that turned out false.
/// <para>
/// The guess: a forward must-analysis of the lowered program gives, at every classified access, the lock classes
/// the thread surely holds, exclusively or shared (callers' locks flow into callees; a call drops what the callee may
/// release; a call through a pointer drops everything). A class's candidate locks are those held at every read and
/// held exclusively at every write. Each cell of that class in a global gets as its guard the candidate lock object
/// nearest before it in the same global (the kernel declares a lock before what it protects), else after it, else the
/// one global lock object of a candidate class.
/// </para>
/// <para>
/// Only cells of globals are guarded: every access to a global cell — a classified one, one through a pointer, a
/// primitive's — names its address, so the executor can check every one. A heap cell's class is known only to a
/// classified access, and a primitive or a <c>kfree</c> touching it would go unchecked.
/// </para>
/// </summary>
public sealed class LockDiscipline
{
    private readonly long[]?[] _guards;
    private readonly int[]?[] _lockCells;
    private readonly int[]?[] _cellClasses;
    private readonly HashSet<int> _movableLocks;

    /// <summary>
    /// Per lock (a guard, or a global lock whose releases merge): the cells a transition of a thread that holds it, or
    /// takes it, may run merged — the cells it guards, and its own cells when its release merges — with their classes.
    /// A transition's footprint names its first visible operation; partial-order reduction must see these too.
    /// </summary>
    public IReadOnlyList<LockRegion> Regions { get; private set; } = [];

    /// <summary>The location classes whose global cells have a guard.</summary>
    public IReadOnlySet<int> GuardedClasses { get; }
    /// <summary>The lock classes whose releases may merge (global locks only).</summary>
    public IReadOnlySet<int> MovableLocks => _movableLocks;
    /// <summary>The classes left out because an access broke the discipline in an earlier search.</summary>
    public IReadOnlySet<int> Fallbacks { get; }
    /// <summary>True when there is nothing to merge: no guarded cell and no movable release.</summary>
    public bool IsEmpty => GuardedClasses.Count == 0 && _movableLocks.Count == 0;

    private LockDiscipline(long[]?[] guards, int[]?[] lockCells, int[]?[] cellClasses, HashSet<int> guarded, HashSet<int> movable, IReadOnlySet<int> fallbacks)
    {
        _guards = guards;
        _lockCells = lockCells;
        _cellClasses = cellClasses;
        GuardedClasses = guarded;
        _movableLocks = movable;
        Fallbacks = fallbacks;
    }

    /// <summary>The guard of <paramref name="cell"/> (a lock address), 0 when it has none.</summary>
    public long GuardOf(long cell)
    {
        var id = Pointer.ObjectOf(cell);
        if (id <= 0 || id > _guards.Length) return 0;
        var guards = _guards[id - 1];
        var offset = Pointer.OffsetOf(cell);
        return guards is not null && offset >= 0 && offset < guards.Length ? guards[offset] : 0;
    }

    /// <summary>The lock class of <paramref name="cell"/> when it belongs to a global lock whose releases merge, else -1.</summary>
    public int MovableLockOf(long cell) => Lookup(_lockCells, cell);

    /// <summary>The location class of a global cell (-1 for other cells).</summary>
    public int ClassOf(long cell) => Lookup(_cellClasses, cell);

    private static int Lookup(int[]?[] table, long cell)
    {
        var id = Pointer.ObjectOf(cell);
        if (id <= 0 || id > table.Length) return -1;
        var row = table[id - 1];
        var offset = Pointer.OffsetOf(cell);
        return row is not null && offset >= 0 && offset < row.Length ? row[offset] : -1;
    }

    /// <summary>
    /// The discipline of <paramref name="loaded"/>, leaving out the classes in <paramref name="fallbacks"/>; null when the
    /// program cannot merge at all: it has no location classes, or registers code that runs on any thread between any
    /// two steps (an interrupt handler runs on the thread it interrupts, so holding a lock says nothing about it).
    /// </summary>
    public static LockDiscipline? Analyze(LoadedProgram loaded, IReadOnlySet<int> fallbacks)
    {
        var program = loaded.Program;
        if (program.LocationClasses is null) return null;
        foreach (var intrinsic in loaded.Intrinsics)
            if ((intrinsic.Static & StaticFootprint.RunsAnywhere) != 0) return null;
        var globals = program.Globals;
        var guards = new long[]?[globals.Count];
        var lockCells = new int[]?[globals.Count];
        var cellClasses = new int[]?[globals.Count];
        for (var g = 0; g < globals.Count; g++) cellClasses[g] = globals[g].CellClasses;

        // Invariants read cells without locks: a class they read is never merged away (see docs/step-merging.md).
        if (InvariantReads(loaded) is not { } invariantReads)
            return new LockDiscipline(guards, lockCells, cellClasses, [], [], fallbacks);

        var locks = new LockClasses(loaded);
        var candidates = new MustHeldLocks(loaded, locks).Candidates();

        // Releases of a lock class may merge when every other operation on it is a blocking acquisition or a release.
        var movable = new HashSet<int>();
        var blocked = new HashSet<int>();
        var unknownInspects = false;
        for (var fn = 0; fn < program.Functions.Count; fn++)
            foreach (var ins in program.Functions[fn].Code)
            {
                if (ins.Op != OpCode.Intrinsic) continue;
                var intrinsic = loaded.Intrinsics[(int)ins.Imm];
                var effect = intrinsic.Lock;
                if (effect == LockEffect.MovableRelease && ins.Class >= 0) movable.Add(ins.Class);
                var other = effect is LockEffect.Inspects
                    || effect == LockEffect.None && intrinsic.Kind == IntrinsicKind.Visible && (intrinsic.Static & StaticFootprint.ArgumentObject) != 0;
                // main initialises locks before it starts threads: the check lets a thread alone do anything.
                if (!other || fn == program.EntryFunction) continue;
                if (ins.Class >= 0) blocked.Add(ins.Class);
                else if (effect == LockEffect.Inspects) unknownInspects = true;
            }
        if (unknownInspects) movable.Clear();
        movable.RemoveWhere(c => blocked.Contains(c) || fallbacks.Contains(c) || invariantReads.Contains(c) || !locks.IsLock(c));

        var guarded = new HashSet<int>();
        for (var g = 0; g < globals.Count; g++)
        {
            var classes = globals[g].CellClasses;
            if (classes is null) continue;
            for (var o = 0; o < classes.Length; o++)
            {
                var k = classes[o];
                if (k < 0) continue;
                if (movable.Contains(k)) (lockCells[g] ??= Filled(classes.Length))[o] = k;
                if (locks.IsLock(k) || fallbacks.Contains(k) || invariantReads.Contains(k)) continue;
                if (!candidates.TryGetValue(k, out var mask) || mask == 0) continue;
                var guard = FindGuard(globals, g, o, mask, locks);
                if (guard == 0) continue;
                (guards[g] ??= new long[classes.Length])[o] = guard;
                guarded.Add(k);
            }
        }
        var regions = new Dictionary<long, (List<long> Cells, HashSet<int> Classes)>();
        (List<long> Cells, HashSet<int> Classes) Region(long address) =>
            regions.TryGetValue(address, out var r) ? r : regions[address] = ([], []);
        for (var g = 0; g < globals.Count; g++)
        {
            var classes = globals[g].CellClasses;
            for (var o = 0; classes is not null && o < classes.Length; o++)
            {
                if (guards[g] is { } row && row[o] != 0)
                {
                    var r = Region(row[o]);
                    r.Cells.Add(Pointer.Global(g, o));
                    r.Classes.Add(classes[o]);
                }
                if (lockCells[g] is { } locked && locked[o] >= 0)
                {
                    var r = Region(Pointer.Global(g, RunStart(classes, o)));
                    r.Cells.Add(Pointer.Global(g, o));
                    r.Classes.Add(locked[o]);
                }
            }
        }
        return new LockDiscipline(guards, lockCells, cellClasses, guarded, movable, fallbacks)
        {
            Regions = [.. regions.Select(r => new LockRegion(r.Key, [.. r.Value.Cells], [.. r.Value.Classes]))],
        };
    }

    private static int[] Filled(int length)
    {
        var a = new int[length];
        Array.Fill(a, -1);
        return a;
    }

    /// <summary>The start of the candidate lock object nearest before cell <paramref name="offset"/> of global
    /// <paramref name="g"/>, else nearest after it, else the only candidate lock object among all globals; 0 if none.</summary>
    private static long FindGuard(IReadOnlyList<IrGlobal> globals, int g, int offset, ulong mask, LockClasses locks)
    {
        var classes = globals[g].CellClasses!;
        for (var j = offset - 1; j >= 0; j--)
            if (locks.In(classes[j], mask)) return Pointer.Global(g, RunStart(classes, j));
        for (var j = offset + 1; j < classes.Length; j++)
            if (locks.In(classes[j], mask)) return Pointer.Global(g, j);
        long only = 0;
        for (var h = 0; h < globals.Count; h++)
        {
            var other = globals[h].CellClasses;
            if (other is null || h == g) continue;
            for (var j = 0; j < other.Length; j++)
            {
                if (!locks.In(other[j], mask) || (j > 0 && other[j - 1] == other[j])) continue;
                if (only != 0) return 0;
                only = Pointer.Global(h, j);
            }
        }
        return only;
    }

    private static int RunStart(int[] classes, int j)
    {
        while (j > 0 && classes[j - 1] == classes[j]) j--;
        return j;
    }

    /// <summary>The classes invariants read (through every function they call), or null when one reads through a
    /// pointer the lowering could not classify or calls through a function pointer (then it may read anything).</summary>
    private static HashSet<int>? InvariantReads(LoadedProgram loaded)
    {
        var program = loaded.Program;
        var reads = new HashSet<int>();
        var seen = new HashSet<int>();
        var work = new Stack<int>(program.Invariants.Select(i => i.Function));
        while (work.Count > 0)
        {
            var f = work.Pop();
            if (!seen.Add(f)) continue;
            foreach (var ins in program.Functions[f].Code)
            {
                switch (ins.Op)
                {
                    case OpCode.Load when (ins.Sub & (byte)MemoryFlags.Private) == 0:
                        if (ins.Class < 0) return null;
                        reads.Add(ins.Class);
                        break;
                    case OpCode.Call:
                        work.Push((int)ins.Imm);
                        break;
                    case OpCode.CallIndirect:
                        return null;
                    case OpCode.Intrinsic when ins.Class >= 0:
                        reads.Add(ins.Class);
                        break;
                }
            }
        }
        return reads;
    }
}

/// <summary>What a transition holding (or taking) the lock at <see cref="Lock"/> may run merged.</summary>
public sealed record LockRegion(long Lock, long[] Cells, int[] Classes);

/// <summary>The lock classes of a program (the classes of the objects lock primitives take), numbered for bit masks.</summary>
internal sealed class LockClasses
{
    private readonly Dictionary<int, int> _bit = new();

    public LockClasses(LoadedProgram loaded)
    {
        foreach (var f in loaded.Program.Functions)
            foreach (var ins in f.Code)
                if (ins.Op == OpCode.Intrinsic && ins.Class >= 0 && loaded.Intrinsics[(int)ins.Imm].Lock != LockEffect.None
                    && !_bit.ContainsKey(ins.Class) && _bit.Count < 64)
                    _bit[ins.Class] = _bit.Count;
    }

    public bool IsLock(int classId) => _bit.ContainsKey(classId);

    /// <summary>The bit of a lock class, 0 when the class is no (numbered) lock class.</summary>
    public ulong Bit(int classId) => classId >= 0 && _bit.TryGetValue(classId, out var b) ? 1UL << b : 0;

    public bool In(int classId, ulong mask) => (Bit(classId) & mask) != 0;
}

/// <summary>
/// The forward must-analysis of held lock classes (see <see cref="LockDiscipline"/>): at each instruction, the lock
/// classes held on every path to it, and those held exclusively. The accesses of the entry function (main) do not
/// count: main is usually alone when it touches shared data (it initialises it, starts the threads, stops them and
/// checks the result), which the executor's check allows (<c>AloneInItsState</c>).
/// </summary>
internal sealed class MustHeldLocks(LoadedProgram loaded, LockClasses locks)
{
    private readonly IrProgram _program = loaded.Program;

    /// <summary>Per accessed class: the lock classes held at every read and held exclusively at every write.</summary>
    public Dictionary<int, ulong> Candidates()
    {
        var n = _program.Functions.Count;
        var mayRelease = MayRelease();
        // Entry state per function: (any, exclusive); null until some path reaches it.
        var entry = new (ulong Any, ulong Exclusive)?[n];
        foreach (var root in Roots()) entry[root] = (0, 0);
        var candidates = new Dictionary<int, ulong>();
        for (var round = 0; round < 64; round++)
        {
            var changed = false;
            candidates.Clear();
            for (var f = 0; f < n; f++)
            {
                if (entry[f] is not { } start) continue;
                changed |= Flow(f, start, mayRelease, entry, candidates);
            }
            if (!changed) return candidates;
        }
        return []; // no fixpoint in reach: guess nothing
    }

    private IEnumerable<int> Roots()
    {
        yield return _program.EntryFunction;
        foreach (var f in _program.AddressTakenFunctions ?? Enumerable.Range(0, _program.Functions.Count)) yield return f;
        foreach (var inv in _program.Invariants) yield return inv.Function;
    }

    /// <summary>Runs the analysis through function <paramref name="f"/>; true when a callee's entry state shrank.</summary>
    private bool Flow(int f, (ulong Any, ulong Exclusive) start, ulong[] mayRelease, (ulong Any, ulong Exclusive)?[] entry, Dictionary<int, ulong> candidates)
    {
        var code = _program.Functions[f].Code;
        var state = new (ulong Any, ulong Exclusive)?[code.Length];
        var work = new Stack<int>();
        state[0] = start;
        work.Push(0);
        var changed = false;
        while (work.Count > 0)
        {
            var pc = work.Pop();
            var (any, exclusive) = state[pc]!.Value;
            ref readonly var ins = ref code[pc];
            var next = pc + 1;
            var target = -1;
            switch (ins.Op)
            {
                case OpCode.Intrinsic:
                {
                    var bit = locks.Bit(ins.Class);
                    var intrinsic = loaded.Intrinsics[(int)ins.Imm];
                    // A primitive on the object its argument points to (set_bit, atomic_inc, ...) touches that class's cell
                    // as a write: the executor checks it so (MachineExecutor.CheckDiscipline), and a guard it does not
                    // hold would void the search and cost a second one.
                    if (intrinsic.Lock == LockEffect.None && intrinsic.Kind == IntrinsicKind.Visible && ins.Class >= 0
                        && (intrinsic.Static & StaticFootprint.ArgumentObject) != 0 && f != _program.EntryFunction)
                        candidates[ins.Class] = candidates.TryGetValue(ins.Class, out var touched) ? touched & exclusive : exclusive;
                    switch (intrinsic.Lock)
                    {
                        case LockEffect.AcquireExclusive: any |= bit; exclusive |= bit; break;
                        case LockEffect.AcquireShared: any |= bit; break;
                        case LockEffect.Release or LockEffect.MovableRelease:
                            var drop = bit == 0 ? ulong.MaxValue : bit;
                            any &= ~drop;
                            exclusive &= ~drop;
                            break;
                    }
                    break;
                }
                case OpCode.Call:
                {
                    var callee = (int)ins.Imm;
                    var before = entry[callee];
                    var met = before is { } b ? (b.Any & any, b.Exclusive & exclusive) : (any, exclusive);
                    if (before != met) { entry[callee] = met; changed = true; }
                    any &= ~mayRelease[callee];
                    exclusive &= ~mayRelease[callee];
                    break;
                }
                case OpCode.CallIndirect:
                    any = exclusive = 0;
                    break;
                // main's accesses are left out of the guess: before it starts threads and after it has stopped them it is
                // alone (the check lets it through); any other access of main's is checked like every thread's.
                case OpCode.Load or OpCode.Store when ins.Class >= 0 && (ins.Sub & (byte)MemoryFlags.Private) == 0 && f != _program.EntryFunction:
                {
                    var held = ins.Op == OpCode.Store ? exclusive : any;
                    candidates[ins.Class] = candidates.TryGetValue(ins.Class, out var c) ? c & held : held;
                    break;
                }
                case OpCode.Jump:
                    next = -1;
                    target = (int)ins.Imm;
                    break;
                case OpCode.JumpIfZero or OpCode.JumpIfNotZero:
                    target = (int)ins.Imm;
                    break;
                case OpCode.Return or OpCode.Trap:
                    next = -1;
                    break;
            }
            Join(next, any, exclusive);
            Join(target, any, exclusive);
        }
        return changed;

        void Join(int pc, ulong any, ulong exclusive)
        {
            if (pc < 0 || pc >= code.Length) return;
            if (state[pc] is { } old)
            {
                var met = (old.Any & any, old.Exclusive & exclusive);
                if (met == old) return;
                state[pc] = met;
            }
            else state[pc] = (any, exclusive);
            work.Push(pc);
        }
    }

    /// <summary>Per function, the lock classes it or its callees may release (all for a release of unknown class or a
    /// call through a pointer).</summary>
    private ulong[] MayRelease()
    {
        var n = _program.Functions.Count;
        var own = new ulong[n];
        var callees = new List<int>[n];
        for (var f = 0; f < n; f++)
        {
            callees[f] = [];
            foreach (var ins in _program.Functions[f].Code)
            {
                if (ins.Op == OpCode.Call) callees[f].Add((int)ins.Imm);
                else if (ins.Op == OpCode.CallIndirect) own[f] = ulong.MaxValue;
                else if (ins.Op == OpCode.Intrinsic && loaded.Intrinsics[(int)ins.Imm].Lock is LockEffect.Release or LockEffect.MovableRelease)
                    own[f] |= locks.Bit(ins.Class) is var b && b != 0 ? b : ulong.MaxValue;
            }
        }
        var changed = true;
        while (changed)
        {
            changed = false;
            for (var f = 0; f < n; f++)
                foreach (var c in callees[f])
                    if ((own[c] & ~own[f]) != 0) { own[f] |= own[c]; changed = true; }
        }
        return own;
    }
}

/// <summary>
/// An access broke the locking discipline step merging assumed for <see cref="ClassId"/>: the search that raised it
/// is void, and the checker searches again without merging for that class.
/// </summary>
public sealed class DisciplineViolationException(int classId, int site, string message) : Exception(message)
{
    public int ClassId { get; } = classId;
    public int Site { get; } = site;
}
