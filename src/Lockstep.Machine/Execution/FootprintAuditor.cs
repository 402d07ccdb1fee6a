using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// The footprint audit (a checking mode for tests, off by default): around every primitive the interpreter runs, it
/// records what the primitive actually read (through <see cref="IntrinsicCall.Read"/>, a thread's context, status and
/// held locks, the shared kernel words) and wrote (a before/after comparison of the whole machine state), and fails
/// with a <see cref="FootprintViolationException"/> naming the primitive when an access is outside the footprint it
/// declared — exact locations (<see cref="IIntrinsic.AddFootprint"/>) for partial-order reduction's step-against-step
/// independence, and <see cref="IIntrinsic.Static"/> for the static bound on a thread's future.
///
/// What needs no declaration: objects private to the calling thread (and objects it allocates), and the thread's own
/// context cells that no other thread's primitive touches (<see cref="IIntrinsicProvider.SharedContextCells"/>) and
/// its own held-lock list. Those claims are checked too: another thread's private cell or held list must never be
/// touched. A primitive run inline (a local primitive, or one on private objects only) is not a scheduling point, so
/// it must touch nothing shared at all, and must not change a cell that decides interrupt delivery
/// (<see cref="IIntrinsicProvider.DeliveryContextCells"/>): an interrupt can only arrive where the thread parks.
/// </summary>
public sealed class FootprintAuditor : IFootprintSink
{
    private readonly IIntrinsicProvider _provider;
    private readonly Dictionary<long, bool> _declared = [];
    private bool _declaredGlobal;
    private readonly Dictionary<long, bool> _reads = [];
    private readonly Dictionary<string, int> _audited = new(StringComparer.Ordinal);

    // The state before the primitive ran.
    private long[] _cells = new long[1024];
    private int[] _cellOffset = new int[64];
    private ObjectStatus[] _objectStatus = new ObjectStatus[64];
    private bool[] _objectPrivate = new bool[64];
    private int _objects;
    private int _threads;
    private ThreadStatus[] _threadStatus = new ThreadStatus[8];
    private long[] _exitCodes = new long[8];
    private long[][] _contexts = new long[8][];
    private long[][] _held = new long[8][];
    private long[] _shared = [];

    private MachineState? _state;
    private ModelThread? _thread;
    private IIntrinsic? _intrinsic;
    private IntrinsicCall? _call;
    private bool _inline;

    public FootprintAuditor(IIntrinsicProvider provider) => _provider = provider;

    /// <summary>How many primitive executions were audited, by primitive name (so a test can see the audit ran).</summary>
    public IReadOnlyDictionary<string, int> Audited => _audited;

    // ------------------------------------------------------------------ the declared footprint (IFootprintSink)

    void IFootprintSink.Add(long location, bool write) =>
        _declared[location] = write || (_declared.TryGetValue(location, out var w) && w);

    void IFootprintSink.MarkGlobal() => _declaredGlobal = true;
    void IFootprintSink.AddClass(int locationClass, bool write) { }
    void IFootprintSink.MarkAnyClass() { }

    // ------------------------------------------------------------------ recording reads (only while armed)

    internal void ReadMemory(long pointer) => _reads.TryAdd(pointer, false);
    internal void ReadContext(int thread, int cell) => _reads.TryAdd(ThreadLocations.Context(thread, cell), false);
    internal void ReadStatus(int thread) => _reads.TryAdd(ThreadLocations.Status(thread), false);
    internal void ReadHeld(int thread) => _reads.TryAdd(ThreadLocations.Held(thread), false);
    internal void ReadShared() => _reads.TryAdd(ThreadLocations.Shared, false);

    // ------------------------------------------------------------------ one primitive

    /// <summary>Before <paramref name="intrinsic"/> runs on the bound <paramref name="call"/>: takes its declared footprint
    /// (none when it runs inline), snapshots the state and starts recording reads, including its enabling check's.</summary>
    internal void Begin(MachineState state, ModelThread thread, IIntrinsic intrinsic, IntrinsicCall call, bool inline)
    {
        _state = state;
        _thread = thread;
        _intrinsic = intrinsic;
        _call = call;
        _inline = inline;
        _declared.Clear();
        _declaredGlobal = false;
        _reads.Clear();
        if (!inline) intrinsic.AddFootprint(call, this);
        Snapshot(state);
        state.Auditor = this;
        // What decides whether the call may proceed, and how many ways, is read from the state too.
        var choice = call.Choice;
        intrinsic.IsEnabled(call);
        intrinsic.ChoiceCount(call);
        call.Choice = choice;
    }

    /// <summary>After the primitive ran (or failed the step): stops recording and compares.</summary>
    internal void End()
    {
        var state = _state!;
        state.Auditor = null;
        var name = _intrinsic!.Name;
        _audited[name] = _audited.TryGetValue(name, out var n) ? n + 1 : 1;
        CheckReads(state);
        CheckWrites(state);
    }

    private void Snapshot(MachineState state)
    {
        var memory = state.Memory;
        _objects = memory.Count;
        Ensure(ref _cellOffset, _objects + 2);
        Ensure(ref _objectStatus, _objects + 1);
        Ensure(ref _objectPrivate, _objects + 1);
        var total = 0;
        for (var id = 1; id <= _objects; id++) total += memory.Size(id);
        Ensure(ref _cells, total);
        var at = 0;
        for (var id = 1; id <= _objects; id++)
        {
            _cellOffset[id] = at;
            _objectStatus[id] = memory.Status(id);
            _objectPrivate[id] = memory.IsPrivateTo(id, _thread!.Id);
            var cells = memory.Cells(id);
            cells.CopyTo(_cells.AsSpan(at));
            at += cells.Length;
        }
        _cellOffset[_objects + 1] = at;
        _threads = state.ThreadCount;
        Ensure(ref _threadStatus, _threads);
        Ensure(ref _exitCodes, _threads);
        Ensure(ref _contexts, _threads);
        Ensure(ref _held, _threads);
        for (var i = 0; i < _threads; i++)
        {
            var t = state.Thread(i);
            _threadStatus[i] = t.Status;
            _exitCodes[i] = t.ExitCode;
            _contexts[i] = t.Context.ToArray();
            _held[i] = t.Held.Items.ToArray();
        }
        _shared = state.Shared.Items.ToArray();
    }

    private void CheckReads(MachineState state)
    {
        foreach (var (location, _) in _reads) Check(location, write: false);
    }

    private void CheckWrites(MachineState state)
    {
        var memory = state.Memory;
        for (var id = 1; id <= _objects; id++)
        {
            // Private objects need no declaration; a vacant id (reclaimed: nothing points to it) that the primitive
            // allocates anew is a fresh object, as one past the end would be.
            if (_objectPrivate[id] || _objectStatus[id] == ObjectStatus.Vacant) continue;
            if (id > memory.Count || memory.Status(id) != _objectStatus[id])
            {
                if (!_declaredGlobal || _inline) Fail($"changes the status of object {id} (frees it) without a global footprint");
                RequireStatic(StaticFootprint.Global, $"frees object {id}");
                continue;
            }
            if (_objectStatus[id] != ObjectStatus.Live) continue;
            var cells = memory.Cells(id);
            var before = _cells.AsSpan(_cellOffset[id], _cellOffset[id + 1] - _cellOffset[id]);
            for (var i = 0; i < cells.Length && i < before.Length; i++)
                if (cells[i] != before[i]) Check(Pointer.Make(id, i), write: true);
        }
        if (state.ThreadCount != _threads)
        {
            Require(ThreadLocations.ThreadTable, write: true, "starts a thread");
            RequireStatic(StaticFootprint.Spawns, "starts a thread");
        }
        for (var i = 0; i < _threads; i++)
        {
            var t = state.Thread(i);
            if (t.Status != _threadStatus[i] || t.ExitCode != _exitCodes[i]) Check(ThreadLocations.Status(i), write: true);
            var context = t.Context;
            for (var c = 0; c < context.Length; c++)
                if (context[c] != _contexts[i][c]) Check(ThreadLocations.Context(i, c), write: true);
            if (!t.Held.Items.SequenceEqual(_held[i])) Check(ThreadLocations.Held(i), write: true);
        }
        if (!state.Shared.Items.SequenceEqual(_shared)) Check(ThreadLocations.Shared, write: true);
    }

    /// <summary>Is this access of the primitive covered by what it declared (or exempt as thread-private)?</summary>
    private void Check(long location, bool write)
    {
        var self = _thread!.Id;
        var access = write ? "writes" : "reads";
        if (location == ThreadLocations.Shared)
        {
            Require(location, write, $"{access} the shared kernel words (interrupt registrations)");
            RequireStatic(StaticFootprint.Global, $"{access} the shared kernel words");
            return;
        }
        if (Pointer.IsTask(location))
        {
            var thread = Pointer.TaskThread(location);
            var offset = Pointer.OffsetOf(location);
            if (thread < 0 || thread >= _threads) return; // a thread the primitive started: covered by "starts a thread"
            if (location == ThreadLocations.Status(thread))
            {
                if (thread == self && !write) return; // a running thread reads itself as running
                Require(location, write, $"{access} the status of {Who(thread)}");
                RequireTasks(write, $"{access} the status of {Who(thread)}");
                return;
            }
            if (location == ThreadLocations.Held(thread))
            {
                if (thread == self) return; // a thread's own held-lock list is private to it
                Fail($"{access} the held-lock list of {Who(thread)}, which is private to its thread (no primitive declares it)");
                return;
            }
            var cell = offset - (int)(ThreadLocations.Context(0, 0) - Pointer.Task(0));
            var shared = cell is >= 0 and < 64 && (_provider.SharedContextCells & (1UL << cell)) != 0;
            if (!shared)
            {
                if (thread != self)
                    Fail($"{access} context cell {cell} of {Who(thread)}, a cell the kernel declares private to its thread");
                else if (write && _inline && cell is >= 0 and < 64 && (_provider.DeliveryContextCells & (1UL << cell)) != 0)
                    Fail($"changes context cell {cell}, which decides where an interrupt may arrive, without being a scheduling point");
                return;
            }
            Require(location, write, $"{access} context cell {cell} of {Who(thread)}");
            RequireTasks(write, $"{access} context cell {cell} of {Who(thread)}", own: thread == self);
            return;
        }
        var id = Pointer.ObjectOf(location);
        if (id <= 0 || id > _objects || _objectPrivate[id] || _objectStatus[id] == ObjectStatus.Vacant) return; // private, or allocated by the primitive itself
        Require(location, write, $"{access} memory cell {id}:{Pointer.OffsetOf(location)}");
        if ((_intrinsic!.Static & StaticFootprint.Global) != 0) return;
        if ((_intrinsic.Static & StaticFootprint.ArgumentObject) == 0)
            Fail($"{access} memory cell {id}:{Pointer.OffsetOf(location)} but its static footprint ({_intrinsic.Static}) names no memory");
        foreach (var arg in _call!.Args)
            if (Pointer.IsData(arg) && Pointer.ObjectOf(arg) == id) return;
        Fail($"{access} memory cell {id}:{Pointer.OffsetOf(location)} outside the objects its arguments point to (static footprint {_intrinsic.Static})");
    }

    private string Who(int thread) => thread == _thread!.Id ? "its own thread" : $"thread {thread}";

    private void Require(long location, bool write, string what)
    {
        if (_inline) Fail($"{what} but runs inline (no scheduling point, empty footprint)");
        if (_declaredGlobal) return;
        if (_declared.TryGetValue(location, out var declaredWrite) && (declaredWrite || !write)) return;
        Fail($"{what} but its footprint does not declare it{(write && _declared.ContainsKey(location) ? " as a write" : "")}");
    }

    /// <summary>Task state: a write needs <see cref="StaticFootprint.Tasks"/>; a read of the thread's own task state may
    /// say <see cref="StaticFootprint.ReadsTasks"/> instead.</summary>
    private void RequireTasks(bool write, string what, bool own = false)
    {
        if (!write && own && (_intrinsic!.Static & StaticFootprint.ReadsTasks) != 0) return;
        RequireStatic(StaticFootprint.Tasks, what);
    }

    private void RequireStatic(StaticFootprint needed, string what)
    {
        var declared = _intrinsic!.Static;
        if ((declared & StaticFootprint.Global) != 0 || (declared & needed) != 0) return;
        Fail($"{what} but its static footprint is {declared}");
    }

    private void Fail(string what)
    {
        var site = _call!.SourceSite;
        throw new FootprintViolationException(_intrinsic!.Name,
            $"footprint audit: {_intrinsic.Name} (thread {_thread!.Id}{(site is null ? "" : $", {site}")}) {what}");
    }

    private static void Ensure<T>(ref T[] array, int size)
    {
        if (array.Length < size) Array.Resize(ref array, Math.Max(size, array.Length * 2));
    }
}

/// <summary>A primitive touched machine state outside its declared footprint: a bug in the checker, not the model.</summary>
public sealed class FootprintViolationException(string primitive, string message) : Exception(message)
{
    public string Primitive { get; } = primitive;
}
