using System.Runtime.InteropServices;
using Lockstep.Machine.Analysis;
using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// Runs a loaded program one step at a time. A step runs one thread from where it is parked through exactly one
/// visible operation (shared-memory access or visible primitive) and then on through thread-local computation until
/// it is parked before its next visible operation. Not thread-safe: one per search worker.
/// </summary>
public sealed class MachineExecutor
{
    /// <summary>Thread-local instructions a step may run before it is called a livelock (an infinite local loop).</summary>
    public const int LocalInstructionLimit = 1_000_000;

    /// <summary>The most stack cells (frames and their slots) a thread may use: runaway recursion stops here with a
    /// fault instead of growing a state without end.</summary>
    public const int MaxStackCells = 1 << 16;

    /// <summary>The innermost frames a fault's backtrace keeps.</summary>
    private const int MaxBacktraceFrames = 48;

    /// <summary>Choices at or above this value fire an interrupt on the thread (source = choice - base) instead of running it.</summary>
    public const int InterruptChoiceBase = 1 << 24;

    private readonly LoadedProgram _program;
    private readonly IReadOnlyList<IrFunction> _functions;
    private readonly IntrinsicCall _call;
    private readonly long[] _argBuffer = new long[32];
    private long[] _encodeBuffer = new long[1024];
    private readonly ModelThread _sandbox = new();
    private readonly List<ModelThread> _unsettled = [];

    /// <summary>The most operations one step merges (docs/step-merging.md): a loop over guarded cells inside a critical
    /// section still ends its transition here, so the search sees the loop as a cycle of states.</summary>
    public const int MaxMergedOperations = 4096;

    private readonly LockDiscipline? _discipline;
    private readonly FootprintCells _footprintCells = new();

    public MachineExecutor(LoadedProgram program)
    {
        _program = program;
        _discipline = program.Discipline;
        _functions = program.Program.Functions;
        _call = new IntrinsicCall(program, this);
    }

    public LoadedProgram Program => _program;
    public MachineState State { get; } = new();

    /// <summary>When set, every primitive's accesses are compared with its declared footprint (a checking mode for
    /// tests; see <see cref="FootprintAuditor"/>). Null by default: then it costs one test per primitive call.</summary>
    public FootprintAuditor? Auditor { get; set; }
    /// <summary>Site of the visible operation the last step executed (-1 if none, e.g. a thread exit).</summary>
    public int LastSite { get; private set; }
    /// <summary>Where threads got to, if collected: set before the first step; steps add to it.</summary>
    public Coverage? Coverage { get; set; }
    /// <summary>True when <see cref="LastOperation"/> already says what the step's choice was.</summary>
    public bool LastChoiceDescribed { get; private set; }
    /// <summary>What the last step did, in a few words ("spin_lock", "load", "store", "exit").</summary>
    public string LastOperation { get; private set; } = "";
    /// <summary>How large a state may grow.</summary>
    public MachineLimits Limits { get; init; } = MachineLimits.Default;
    /// <summary>Set when the last step's successor holds more threads or objects than <see cref="Limits"/> allow: the
    /// successor must not be explored.</summary>
    public LimitExceeded? LastLimitExceeded { get; private set; }
    /// <summary>Visible operations this executor ran inside the step before them (step merging), over all steps.</summary>
    public long MergedOperations { get; private set; }
    /// <summary>When set (building a trace), each step empties it and lists in it the operations it ran merged, in order;
    /// null in the search, where nothing is recorded.</summary>
    public List<MergedOperation>? MergedLog { get; set; }

    // ------------------------------------------------------------------ state in and out

    /// <summary>Builds the initial state (globals initialised, main parked before its first visible operation) into <see cref="State"/>.</summary>
    public MachineBug? Initialize()
    {
        State.Reset(_program.Provider.ThreadContextCells);
        foreach (var g in _program.Program.Globals)
        {
            var id = State.Memory.Allocate(g.InitialCells.Length);
            g.InitialCells.CopyTo(State.Memory.Cells(id));
        }
        var main = State.AddThread();
        main.Name = 0;
        main.PushFrame(_program.Program.EntryFunction, _functions[_program.Program.EntryFunction].SlotCount);
        var bug = Settle(main);
        if (bug is null && main.HasFrame) main.ZeroDeadSlots(_functions, _program.Liveness);
        if (bug is null) ReclaimUnreachable();
        return bug;
    }

    public void Load(ReadOnlySpan<byte> encoded)
    {
        var reader = new StateReader(MemoryMarshal.Cast<byte, long>(encoded));
        State.Decode(ref reader, _program.Provider.ThreadContextCells);
    }

    /// <summary>Encodes <see cref="State"/>; the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode()
    {
        var writer = new StateWriter(_encodeBuffer);
        State.Encode(ref writer);
        _encodeBuffer = writer.Buffer;
        _encodedLength = writer.Length;
        return LastEncoding;
    }

    private int _encodedLength;

    /// <summary>What the last <see cref="Encode"/> returned (valid until the next call).</summary>
    public ReadOnlySpan<byte> LastEncoding => MemoryMarshal.AsBytes(_encodeBuffer.AsSpan(0, _encodedLength));

    // ------------------------------------------------------------------ scheduling

    /// <summary>Appends (thread, choice) for every enabled transition of <see cref="State"/>, in thread order.</summary>
    public void GetEnabled(List<(int Thread, int Choice)> enabled)
    {
        for (var t = 0; t < State.ThreadCount; t++)
        {
            var thread = State.Thread(t);
            switch (thread.Status)
            {
                case ThreadStatus.Exiting:
                    enabled.Add((t, 0));
                    break;
                case ThreadStatus.Running:
                    ref readonly var ins = ref CurrentInstruction(thread);
                    _call.BindThread(thread, ins.Site);
                    if (_program.Provider.IsSuspended(_call)) break;
                    if (ins.Op != OpCode.Intrinsic)
                    {
                        enabled.Add((t, 0));
                    }
                    else
                    {
                        var intrinsic = BindCall(thread, ins);
                        if (!intrinsic.IsEnabled(_call)) break;
                        var choices = intrinsic.ChoiceCount(_call);
                        for (var c = 0; c < choices; c++) enabled.Add((t, c));
                    }
                    // An interrupt can arrive on a thread that is running (not blocked) with interrupts enabled.
                    _call.BindThread(thread, ins.Site);
                    var sources = _program.Provider.PendingInterrupts(_call);
                    for (var k = 0; k < sources; k++) enabled.Add((t, InterruptChoiceBase + k));
                    break;
            }
        }
    }

    /// <summary>
    /// For a thread that cannot step: the thread whose exit alone can let it go on (<see cref="IIntrinsic.AwaitedExit"/>),
    /// or -1 (it is not parked at such a call, or it is suspended, which other steps end).
    /// </summary>
    public int AwaitedExit(int thread)
    {
        var t = State.Thread(thread);
        if (t.Status != ThreadStatus.Running) return -1;
        ref readonly var ins = ref CurrentInstruction(t);
        if (ins.Op != OpCode.Intrinsic) return -1;
        _call.BindThread(t, ins.Site);
        if (_program.Provider.IsSuspended(_call)) return -1;
        var intrinsic = BindCall(t, ins);
        return intrinsic.IsEnabled(_call) ? -1 : intrinsic.AwaitedExit(_call);
    }

    /// <summary>Adds what thread <paramref name="thread"/>'s next step reads and writes.</summary>
    public void GetFootprint(int thread, int choice, IFootprintSink sink)
    {
        var t = State.Thread(thread);
        var classes = _program.Future is not null;
        // Every step of a thread rests on the thread existing: it reads the status cell its creation wrote. No other
        // thread's step writes it (its own exit does), so this costs the reduction nothing, and it makes the creation
        // a dependence of the created thread's steps for whoever follows dependences through a trace
        // (Exploration's CausalPast).
        sink.Add(ThreadLocations.Status(thread), write: false);
        if (t.Status == ThreadStatus.Running)
        {
            // A suspended thread waits for whatever runs in its place: no footprint short of everything says what
            // would let it go on.
            _call.BindThread(t, CurrentInstruction(t).Site);
            if (_program.Provider.IsSuspended(_call)) { sink.MarkGlobal(); return; }
        }
        if (t.Status == ThreadStatus.Exiting)
        {
            // An exit writes only its own status: it is dependent with a wait for this thread's exit (which reads that
            // cell) and, by class, with the future of any thread that may wait for exits — not with other exits.
            sink.Add(ThreadLocations.Status(thread), write: true);
            if (classes) sink.AddClass(LocationClasses.Exits, write: false);
            return;
        }
        if (choice >= InterruptChoiceBase)
        {
            sink.MarkGlobal();
            return;
        }
        ref readonly var ins = ref CurrentInstruction(t);
        var slots = SlotsOf(t);
        if (_discipline is not null) AddMergeable(t, ins, sink);
        switch (ins.Op)
        {
            case OpCode.Load:
                sink.Add(slots[ins.B] + ins.Imm, write: false);
                if (classes) AddClass(ins.Class >= 0 ? ins.Class : ClassOfCell(slots[ins.B] + ins.Imm), write: false, sink);
                if (_discipline is not null && BreaksDiscipline(t, slots[ins.B] + ins.Imm, write: false, lockOperation: false)) AddOtherStatuses(thread, sink);
                break;
            case OpCode.Store:
                sink.Add(slots[ins.A] + ins.Imm, write: true);
                if (classes) AddClass(ins.Class >= 0 ? ins.Class : ClassOfCell(slots[ins.A] + ins.Imm), write: true, sink);
                if (_discipline is not null && BreaksDiscipline(t, slots[ins.A] + ins.Imm, write: true, lockOperation: false)) AddOtherStatuses(thread, sink);
                break;
            case OpCode.Intrinsic:
                var intrinsic = BindCall(t, ins);
                _call.Choice = choice;
                if (_discipline is not null && intrinsic.Kind == IntrinsicKind.Visible && IntrinsicBreaksDiscipline(t, intrinsic))
                {
                    AddOtherStatuses(thread, sink);
                    BindCall(t, ins);
                    _call.Choice = choice;
                }
                intrinsic.AddFootprint(_call, sink);
                if (classes)
                {
                    var footprint = intrinsic.Static;
                    if ((footprint & StaticFootprint.Global) != 0) sink.MarkGlobal();
                    if ((footprint & StaticFootprint.Tasks) != 0) sink.AddClass(LocationClasses.Tasks, write: true);
                    else if ((footprint & StaticFootprint.ReadsTasks) != 0) sink.AddClass(LocationClasses.Tasks, write: false);
                    if ((footprint & StaticFootprint.Spawns) != 0) sink.AddClass(LocationClasses.ThreadTable, write: true);
                    if ((footprint & StaticFootprint.ArgumentObject) != 0) AddClass(ins.Class, write: true, sink);
                }
                break;
            default:
                sink.MarkGlobal();
                break;
        }
    }

    /// <summary>
    /// What the step may run merged after its visible operation (docs/step-merging.md): for every lock the thread holds,
    /// or the operation takes, the cells it guards and its own cells when its release merges. Partial-order reduction
    /// compares steps by their footprints, so a merged access must be in one as if it were visible.
    /// </summary>
    private void AddMergeable(ModelThread t, in Instruction ins, IFootprintSink sink)
    {
        var acquired = 0L;
        if (ins.Op == OpCode.Intrinsic)
        {
            var intrinsic = BindCall(t, ins);
            if (intrinsic.Lock is LockEffect.AcquireExclusive or LockEffect.AcquireShared && _call.Args.Length > 0) acquired = _call.Args[0];
        }
        var classes = _program.Future is not null;
        foreach (var region in _discipline!.Regions)
        {
            if (region.Lock != acquired && !Holds(t, region.Lock, write: false)) continue;
            foreach (var cell in region.Cells) sink.Add(cell, write: true);
            if (classes) foreach (var c in region.Classes) sink.AddClass(c, write: true);
        }
    }

    /// <summary>
    /// The class of a cell an unclassified access is about to touch, from the pointer's current value: a global's cell
    /// has the class every classified access to it carries (<see cref="IrGlobal.CellClasses"/>); anything else -1.
    /// </summary>
    private int ClassOfCell(long cell)
    {
        if (!Pointer.IsData(cell)) return -1;
        var id = Pointer.ObjectOf(cell);
        var globals = _program.Program.Globals;
        if (id > globals.Count) return -1;
        var cellClasses = globals[id - 1].CellClasses;
        var offset = Pointer.OffsetOf(cell);
        return cellClasses is not null && offset >= 0 && offset < cellClasses.Length ? cellClasses[offset] : -1;
    }

    /// <summary>Steps are compared with the static futures of other threads by class, so a step names its class too.</summary>
    private static void AddClass(int classId, bool write, IFootprintSink sink)
    {
        if (classId < 0) sink.MarkAnyClass();
        else sink.AddClass(classId, write);
    }

    /// <summary>True when a static bound on threads' futures is available (the program has location classes).</summary>
    public bool HasFutureFootprints => _program.Future is not null;

    /// <summary>
    /// What a thread's future depends on: its id (the future names its exit), its status and, for each frame on its
    /// stack, the function and the pc the frame resumes at (the bound is per program point). Fills
    /// <paramref name="key"/> and returns a hash of it, for callers that cache futures.
    /// </summary>
    public ulong FutureKey(int thread, List<int> key)
    {
        key.Clear();
        var t = State.Thread(thread);
        key.Add(thread);
        key.Add(-(int)t.Status);
        var hash = (14695981039346656037UL ^ (ulong)t.Status ^ ((ulong)thread << 8)) * 1099511628211UL;
        if (t.Status == ThreadStatus.Running)
        {
            var resumesAtPc = true;
            for (var b = t.TopBase; b >= 0; b = (int)t.Stack[b + 2])
            {
                var fn = (int)(t.Stack[b] & 0xFFFF_FFFF);
                var pc = ResumePc(t, b, resumesAtPc);
                key.Add(fn);
                key.Add(pc);
                hash = (((hash ^ (ulong)fn) * 1099511628211UL) ^ (ulong)pc) * 1099511628211UL;
                resumesAtPc = (t.Stack[b] & ModelThread.InterruptFrameFlag) != 0;
            }
        }
        return hash;
    }

    /// <summary>Where the frame at <paramref name="b"/> goes on: the innermost frame (and one an interrupt arrived in) at
    /// its pc; a caller after its call (the callee's future is the frame above).</summary>
    private static int ResumePc(ModelThread t, int b, bool resumesAtPc) => (int)t.Stack[b + 1] + (resumesAtPc ? 0 : 1);

    /// <summary>Adds everything <paramref name="thread"/> may still touch, from where each of its frames resumes on,
    /// including its exit: <see cref="GetStaticFutureFootprint"/> and <see cref="AddFutureCells"/>.</summary>
    public void GetFutureFootprint(int thread, IFootprintSink sink)
    {
        GetStaticFutureFootprint(thread, sink);
        AddFutureCells(thread, sink);
    }

    /// <summary>The part of a thread's future that depends only on <see cref="FutureKey"/>: classes, flags and its exit.</summary>
    public void GetStaticFutureFootprint(int thread, IFootprintSink sink)
    {
        var future = _program.Future;
        if (future is null) { sink.MarkGlobal(); return; }
        var t = State.Thread(thread);
        if (t.Status == ThreadStatus.Finished) return;
        // Its exit: the exact status cell (a wait for this thread reads it exactly); see LocationClasses.Exits.
        sink.Add(ThreadLocations.Status(thread), write: true);
        if (t.Status == ThreadStatus.Exiting) return;
        // Under step merging an access without its guard is allowed to a thread alone in its state, so whether it breaks
        // the discipline depends on the other threads' exits: such an access reads their status (AddOtherStatuses), and
        // a future that may hold one must conflict with exits the way a waiter's does.
        if (_discipline is not null) sink.AddClass(LocationClasses.Exits, write: true);
        var resumesAtPc = true;
        for (var b = t.TopBase; b >= 0; b = (int)t.Stack[b + 2])
        {
            var fn = (int)(t.Stack[b] & 0xFFFF_FFFF);
            if (!future.AddFrom(fn, ResumePc(t, b, resumesAtPc), sink)) return;
            resumesAtPc = (t.Stack[b] & ModelThread.InterruptFrameFlag) != 0;
        }
    }

    /// <summary>
    /// The part of a thread's future that depends on its frames' values: the cells its unclassified accesses will
    /// touch through pointer slots that nothing on the way redefines (<see cref="FutureFootprints.ExactFrom"/>).
    /// </summary>
    public void AddFutureCells(int thread, IFootprintSink sink)
    {
        var future = _program.Future;
        if (future is null) return;
        var t = State.Thread(thread);
        if (t.Status != ThreadStatus.Running) return;
        var resumesAtPc = true;
        for (var b = t.TopBase; b >= 0; b = (int)t.Stack[b + 2])
        {
            var fn = (int)(t.Stack[b] & 0xFFFF_FFFF);
            var exact = future.ExactFrom(fn, ResumePc(t, b, resumesAtPc));
            if (exact.Length > 0)
            {
                var slots = t.Stack.AsSpan(b + ModelThread.FrameHeader, _functions[fn].SlotCount);
                foreach (var a in exact) sink.Add(slots[a.Slot] + a.Offset, a.Write);
            }
            resumesAtPc = (t.Stack[b] & ModelThread.InterruptFrameFlag) != 0;
        }
    }

    /// <summary>Runs one step of <paramref name="thread"/> on <see cref="State"/>. Returns the bug the step hit, if any.</summary>
    public MachineBug? Step(int thread, int choice)
    {
        var t = State.Thread(thread);
        LastSite = -1;
        LastOperation = "";
        LastChoiceDescribed = false;
        LastLimitExceeded = null;
        MergedLog?.Clear();
        try
        {
            if (t.Status == ThreadStatus.Exiting)
            {
                LastOperation = "exit";
                _call.BindThread(t, -1);
                _program.Provider.OnThreadExit(_call);
                t.Status = ThreadStatus.Finished;
                return null;
            }
            if (choice >= InterruptChoiceBase)
            {
                _call.BindThread(t, CurrentInstruction(t).Site);
                var (handler, arg0, arg1) = _program.Provider.EnterInterrupt(_call, choice - InterruptChoiceBase);
                if (handler == 0)
                {
                    // The arrival only changed the provider's state (the thread is suspended, its work done elsewhere).
                    LastOperation = "interrupt";
                    LastSite = CurrentInstruction(t).Site;
                    return SettleNewThreads();
                }
                if (!Pointer.IsFunction(handler)) throw Raise(FaultAt(FaultKind.BadCall, t, LastSite, handler));
                var index = Pointer.FunctionIndex(handler);
                var fn = _functions[index];
                t.PushFrame(index, fn.SlotCount, interrupt: true);
                var slots = t.Slots(fn.SlotCount);
                if (fn.ParameterCount > 0) slots[0] = arg0;
                if (fn.ParameterCount > 1) slots[1] = arg1;
                LastOperation = "interrupt";
                LastSite = fn.Site;
                // The arrival is a step of its own: the handler runs up to its first visible operation, which is then
                // checked for being enabled like any other.
                var arrival = Run(t, visibleBudget: 0, choice: 0, readOnly: false) ?? SettleNewThreads();
                if (arrival is null && t.HasFrame) t.ZeroDeadSlots(_functions, _program.Liveness);
                return arrival;
            }
            var bug = Run(t, visibleBudget: 1, choice, readOnly: false, merge: _discipline is not null) ?? SettleNewThreads();
            if (bug is null && t.HasFrame) t.ZeroDeadSlots(_functions, _program.Liveness);
            if (bug is null) ReclaimUnreachable();
            if (bug is null) CheckLimits(t);
            return bug;
        }
        catch (MachineFaultException fault)
        {
            _unsettled.Clear();
            return fault.Bug;
        }
    }

    private void CheckLimits(ModelThread t)
    {
        var kind = State.ThreadCount > Limits.MaxThreads ? LimitKind.Threads
            : State.Memory.InUse > Limits.MaxObjects ? LimitKind.Objects
            : (LimitKind?)null;
        if (kind is not { } k) return;
        // Objects: where the newest was allocated (the step's visible operation is seldom the allocation).
        var site = k == LimitKind.Objects ? State.Memory.AllocationSite(State.Memory.Count) : LastSite;
        LastLimitExceeded = new LimitExceeded(k, k == LimitKind.Threads ? Limits.MaxThreads : Limits.MaxObjects, t.Id, ThreadName(t.Id),
            _program.Site(site));
    }

    private bool[] _referenced = new bool[64];

    /// <summary>
    /// Frees the ids of freed objects no value in the state points to any more (see <see cref="MemoryObjects.Reclaim"/>).
    /// Runs after a step, and only while some freed object exists.
    /// </summary>
    private void ReclaimUnreachable()
    {
        var memory = State.Memory;
        if (!memory.HasFreed) return;
        if (_referenced.Length <= memory.Count) _referenced = new bool[Math.Max(memory.Count + 1, _referenced.Length * 2)];
        Array.Clear(_referenced, 0, memory.Count + 1);
        for (var id = 1; id <= memory.Count; id++)
            if (memory.Status(id) == ObjectStatus.Live) Mark(memory.Cells(id));
        for (var i = 0; i < State.ThreadCount; i++)
        {
            var t = State.Thread(i);
            Mark(t.Stack.AsSpan(0, t.StackLength));
            Mark(t.Held.Items);
            Mark(t.Context);
            if (Pointer.IsData(t.ExitCode) && Pointer.ObjectOf(t.ExitCode) <= memory.Count) _referenced[Pointer.ObjectOf(t.ExitCode)] = true;
        }
        Mark(State.Shared.Items);
        memory.Reclaim(_referenced.AsSpan(0, memory.Count + 1));
    }

    private void Mark(ReadOnlySpan<long> values)
    {
        var count = State.Memory.Count;
        foreach (var v in values)
        {
            if (!Pointer.IsData(v)) continue;
            var id = Pointer.ObjectOf(v);
            if (id <= count) _referenced[id] = true;
        }
    }

    /// <summary>Threads created during a step start running their local prefix only after the creating step is done,
    /// so that the creator's primitive call is not disturbed.</summary>
    private MachineBug? SettleNewThreads()
    {
        for (var i = 0; i < _unsettled.Count; i++)
        {
            var thread = _unsettled[i];
            var bug = Run(thread, visibleBudget: 0, choice: 0, readOnly: false);
            if (bug is not null) { _unsettled.Clear(); return bug; }
            if (thread.HasFrame) thread.ZeroDeadSlots(_functions, _program.Liveness);
        }
        _unsettled.Clear();
        return null;
    }

    /// <summary>When no transition is enabled: null if every thread finished or idles as a daemon, else the deadlock.</summary>
    public MachineBug? CheckEndState()
    {
        var blocked = Blocked(except: null);
        if (blocked.Count == 0) return null;
        var first = blocked[0];
        var site = CurrentInstruction(State.Thread(first.Thread)).Site;
        return Describe(new MachineFault(FaultKind.Deadlock, first.Thread, first.Name, site) { Location = first.Site, Blocked = blocked });
    }

    /// <summary>The threads of <see cref="State"/> that wait and cannot go on now (no transition), daemons idling
    /// aside; with <paramref name="except"/>, only threads without a transition in it.</summary>
    public List<BlockedThread> Blocked(HashSet<int>? except)
    {
        var blocked = new List<BlockedThread>();
        for (var i = 0; i < State.ThreadCount; i++)
        {
            var t = State.Thread(i);
            if (t.Status == ThreadStatus.Finished || except?.Contains(i) == true) continue;
            ref readonly var ins = ref CurrentInstruction(t);
            var waits = "?";
            _call.BindThread(t, ins.Site);
            if (_program.Provider.IsSuspended(_call))
            {
                waits = _program.Provider.DescribeSuspension(_call);
            }
            else if (ins.Op == OpCode.Intrinsic)
            {
                var intrinsic = BindCall(t, ins);
                if (intrinsic.IsIdleWait(_call)) continue;
                waits = intrinsic.DescribeWait(_call);
            }
            blocked.Add(new BlockedThread(t.Id, ThreadName(t.Id), waits, _program.Site(ins.Site), Backtrace(t)));
        }
        return blocked;
    }

    /// <summary>Is a fair cycle through <see cref="State"/> in which <paramref name="looping"/> take steps a failure to
    /// progress? The provider decides (the kernel: a waiter hangs, or the looping thread holds its CPU).</summary>
    public bool IsStuck(IReadOnlyList<int> looping)
    {
        var enabled = new List<(int Thread, int Choice)>();
        GetEnabled(enabled);
        var running = enabled.Select(e => e.Thread).ToHashSet();
        if (Blocked(except: running).Count > 0) return true;
        foreach (var l in looping)
        {
            var t = State.Thread(l);
            _call.BindThread(t, t.HasFrame ? CurrentInstruction(t).Site : -1);
            if (_program.Provider.HoldsItsCpu(_call)) return true;
        }
        return false;
    }

    /// <summary>
    /// The state is on a cycle that <paramref name="looping"/> follow forever (found by the search): the threads that
    /// cannot go on wait for them in vain. Rendered by the provider as a <see cref="FaultKind.NonProgress"/> fault.
    /// </summary>
    public MachineBug DescribeCycle(IReadOnlyList<int> looping, int cycleSteps)
    {
        var enabled = new List<(int Thread, int Choice)>();
        GetEnabled(enabled);
        var running = enabled.Select(e => e.Thread).ToHashSet();
        var spinner = State.Thread(looping[0]);
        var site = spinner.HasFrame ? CurrentInstruction(spinner).Site : -1;
        return Describe(FaultAt(FaultKind.NonProgress, spinner, site) with
        {
            Looping = looping.Select(l => new BlockedThread(l, ThreadName(l), "", State.Thread(l).HasFrame ? _program.Site(CurrentInstruction(State.Thread(l)).Site) : null,
                State.Thread(l).HasFrame ? Backtrace(State.Thread(l)) : [])).ToList(),
            Blocked = Blocked(except: running),
            CycleSteps = cycleSteps,
            Context = spinner.Context.ToArray(),
        });
    }

    /// <summary>Evaluates every invariant on <see cref="State"/>; the first that does not hold is a bug.</summary>
    public MachineBug? CheckInvariants(int steppingThread)
    {
        // Evaluating runs the interpreter, which would overwrite what the step did: keep it for the report.
        var stepSite = LastSite;
        var stepOperation = LastOperation;
        foreach (var inv in _program.Program.Invariants)
        {
            long value;
            try
            {
                value = Evaluate(inv.Function);
            }
            catch (MachineFaultException fault)
            {
                LastSite = stepSite;
                LastOperation = stepOperation;
                return fault.Bug with { Thread = steppingThread };
            }
            LastSite = stepSite;
            LastOperation = stepOperation;
            if (value == 0)
            {
                // The bug is where the step that broke it was; the report also says where the invariant is written.
                var site = LastSite >= 0 ? LastSite : _functions[inv.Function].Site;
                return Describe(new MachineFault(FaultKind.InvariantViolated, steppingThread, ThreadName(steppingThread), site)
                {
                    Location = _program.Site(LastSite),
                    Message = inv.Name,
                    DefinitionSite = _program.Site(_functions[inv.Function].Site),
                    Operation = LastOperation,
                });
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ faults

    /// <summary>A fault of <paramref name="t"/> at <paramref name="site"/>, with its call chain and, for a pointer, where
    /// the object it points into was allocated.</summary>
    private MachineFault FaultAt(FaultKind kind, ModelThread t, int site, long address = 0) =>
        new(kind, t.Id, ThreadName(t.Id), site)
        {
            Location = _program.Site(site),
            Backtrace = Innermost(Backtrace(t)),
            Address = address,
            AllocationSite = Known(address, out var id) ? _program.Site(State.Memory.AllocationSite(id)) : null,
            AllocatedBy = Known(address, out id) ? State.Memory.AllocatedBy(id) : -1,
            FreedBy = Known(address, out id) && State.Memory.Status(id) == ObjectStatus.Freed ? State.Memory.FreedBy(id).Thread : -1,
            FreeBacktrace = Known(address, out id) && State.Memory.Status(id) == ObjectStatus.Freed && State.Memory.FreedBy(id).Backtrace is >= 0 and var b
                ? _program.Backtraces[b] : [],
            ObjectCells = Known(address, out id) ? State.Memory.Size(id) : 0,
        };

    private bool Known(long address, out int id)
    {
        id = Pointer.ObjectOf(address);
        return Pointer.IsData(address) && id > 0 && id <= State.Memory.Count;
    }

    private static IReadOnlyList<string> Innermost(IReadOnlyList<string> frames) =>
        frames.Count <= MaxBacktraceFrames ? frames : [.. frames.Skip(frames.Count - MaxBacktraceFrames)];

    /// <summary>The exception that ends the step with <paramref name="fault"/>, as the provider renders it.</summary>
    private MachineFaultException Raise(MachineFault fault) => new(Describe(fault));

    private MachineBug Describe(MachineFault fault) => _program.Provider.Describe(fault);

    // ------------------------------------------------------------------ names for reports

    public string ThreadName(int threadId)
    {
        if (threadId < 0 || threadId >= State.ThreadCount) return "?";
        var t = State.Thread(threadId);
        if (t.Name == 0) return threadId == 0 ? "main" : $"thread{threadId}";
        var s = _program.StringAt(t.Name);
        return s.Length > 0 ? s : $"thread{threadId}";
    }

    /// <summary>The call chain of a thread, outermost first, as (function, "file:line") pairs.</summary>
    public IReadOnlyList<(string Function, string Location)> Frames(ModelThread thread)
    {
        var frames = new List<(string, string)>();
        if (!thread.HasFrame) return frames;
        foreach (var (fn, pc) in thread.Frames())
        {
            var f = _functions[fn];
            var site = pc < f.Code.Length ? _program.Site(f.Code[pc].Site) : null;
            frames.Add((f.Name, site is null ? "" : $"{site.File}:{site.Line}"));
        }
        return frames;
    }

    public IReadOnlyList<string> Backtrace(ModelThread thread)
    {
        var frames = new List<string>();
        if (!thread.HasFrame) return frames;
        foreach (var (fn, pc) in thread.Frames())
        {
            var f = _functions[fn];
            var site = pc < f.Code.Length ? _program.Site(f.Code[pc].Site) : null;
            frames.Add(site is null ? f.Name : $"{f.Name} ({site.File}:{site.Line})");
        }
        return frames;
    }

    // ------------------------------------------------------------------ the interpreter

    private ref readonly Instruction CurrentInstruction(ModelThread t) => ref _functions[t.Function].Code[t.Pc];

    private Span<long> SlotsOf(ModelThread t) => t.Slots(_functions[t.Function].SlotCount);

    private IIntrinsic BindCall(ModelThread t, in Instruction ins)
    {
        _call.Bind(t, ins, SlotsOf(t));
        return _program.Intrinsics[(int)ins.Imm];
    }

    /// <summary>Runs local code only: brings a new thread to its first visible operation.</summary>
    private MachineBug? Settle(ModelThread t)
    {
        try
        {
            return Run(t, visibleBudget: 0, choice: 0, readOnly: false);
        }
        catch (MachineFaultException fault)
        {
            return fault.Bug;
        }
    }

    private MachineBug? Run(ModelThread t, int visibleBudget, int choice, bool readOnly, bool merge = false)
    {
        var executed = 0;
        var merged = 0;
        var coverage = Coverage;
        var reachedSites = coverage?.Sites;
        while (t.Status == ThreadStatus.Running)
        {
            if (++executed > LocalInstructionLimit)
            {
                throw Raise(FaultAt(FaultKind.Livelock, t, CurrentInstruction(t).Site));
            }
            var fn = _functions[t.Function];
            var pc = t.Pc;
            ref readonly var ins = ref fn.Code[pc];
            var slots = t.Slots(fn.SlotCount);
            if (reachedSites is not null && (uint)ins.Site < (uint)reachedSites.Length) reachedSites[ins.Site] = true;
            switch (ins.Op)
            {
                case OpCode.Nop:
                    t.Pc = pc + 1;
                    break;
                case OpCode.Const:
                    slots[ins.A] = ins.Imm;
                    t.Pc = pc + 1;
                    break;
                case OpCode.Move:
                    slots[ins.A] = slots[ins.B];
                    t.Pc = pc + 1;
                    break;
                case OpCode.Unary:
                    slots[ins.A] = Arithmetic.Unary((UnaryOp)ins.Sub, slots[ins.B]);
                    t.Pc = pc + 1;
                    break;
                case OpCode.Binary:
                    if (slots[ins.C] == 0 && Arithmetic.Divides((BinaryOp)ins.Sub)) throw Raise(FaultAt(FaultKind.DivideByZero, t, ins.Site));
                    slots[ins.A] = Arithmetic.Binary((BinaryOp)ins.Sub, slots[ins.B], slots[ins.C]);
                    t.Pc = pc + 1;
                    break;
                case OpCode.Convert:
                    slots[ins.A] = Arithmetic.Convert(slots[ins.B], (int)ins.Imm, ins.Sub == 1);
                    t.Pc = pc + 1;
                    break;
                case OpCode.Load:
                {
                    var address = slots[ins.B] + ins.Imm;
                    if ((ins.Sub & (byte)MemoryFlags.Private) == 0 && !State.Memory.IsPrivateTo(Pointer.ObjectOf(address), t.Id))
                    {
                        if (visibleBudget == 0)
                        {
                            // Merged work is not a livelock's: the count of local instructions starts again.
                            if (!merge || !Guarded(t, address, write: false) || ++merged > MaxMergedOperations) return null;
                            executed = 0;
                            MergedOperations++;
                            MergedLog?.Add(new MergedOperation(ins.Site, "load"));
                        }
                        else
                        {
                            visibleBudget--;
                            LastSite = ins.Site;
                            LastOperation = "load";
                            if (_discipline is not null) CheckDiscipline(t, address, write: false, ins.Site);
                        }
                    }
                    CheckAccess(t, address, write: false, ins.Site);
                    slots[ins.A] = State.Memory.ReadUnchecked(address);
                    t.Pc = pc + 1;
                    break;
                }
                case OpCode.Store:
                {
                    if (readOnly)
                        throw Raise(FaultAt(FaultKind.InvariantImpure, t, ins.Site) with { Message = "store" });
                    var address = slots[ins.A] + ins.Imm;
                    var targetPrivate = State.Memory.IsPrivateTo(Pointer.ObjectOf(address), t.Id);
                    if ((ins.Sub & (byte)MemoryFlags.Private) == 0 && !targetPrivate)
                    {
                        if (visibleBudget == 0)
                        {
                            if (!merge || !Guarded(t, address, write: true) || ++merged > MaxMergedOperations) return null;
                            executed = 0;
                            MergedOperations++;
                            MergedLog?.Add(new MergedOperation(ins.Site, "store"));
                        }
                        else
                        {
                            visibleBudget--;
                            LastSite = ins.Site;
                            LastOperation = "store";
                            if (_discipline is not null) CheckDiscipline(t, address, write: true, ins.Site);
                        }
                    }
                    CheckAccess(t, address, write: true, ins.Site);
                    var value = slots[ins.B];
                    // A pointer stored where another thread may read it publishes what it points to.
                    if (!targetPrivate) State.Memory.EscapeValue(value);
                    State.Memory.WriteUnchecked(address, value);
                    t.Pc = pc + 1;
                    break;
                }
                case OpCode.Jump:
                    t.Pc = (int)ins.Imm;
                    break;
                case OpCode.JumpIfZero:
                {
                    var taken = slots[ins.B] == 0;
                    t.Pc = taken ? (int)ins.Imm : pc + 1;
                    if (coverage is not null) coverage.Jumps[coverage.CodeIndex(t.Function, pc)] |= taken ? Coverage.Taken : Coverage.FellThrough;
                    break;
                }
                case OpCode.JumpIfNotZero:
                {
                    var taken = slots[ins.B] != 0;
                    t.Pc = taken ? (int)ins.Imm : pc + 1;
                    if (coverage is not null) coverage.Jumps[coverage.CodeIndex(t.Function, pc)] |= taken ? Coverage.Taken : Coverage.FellThrough;
                    break;
                }
                case OpCode.Call:
                    Call(t, slots, ins, (int)ins.Imm);
                    break;
                case OpCode.CallIndirect:
                {
                    var target = slots[ins.B];
                    if (!Pointer.IsFunction(target) || Pointer.FunctionIndex(target) >= _functions.Count)
                        throw Raise(FaultAt(FaultKind.BadCall, t, ins.Site, target));
                    Call(t, slots, ins, Pointer.FunctionIndex(target));
                    break;
                }
                case OpCode.Return:
                    // Back from an interrupt handler the step ends: the interrupted operation must be re-checked for
                    // being enabled before it runs.
                    if (Return(t, ins.B >= 0 ? slots[ins.B] : 0)) return null;
                    break;
                case OpCode.AllocLocal:
                    slots[ins.A] = Pointer.Make(State.Memory.Allocate((int)ins.Imm, ins.Site, t.Id), 0);
                    t.Pc = pc + 1;
                    break;
                case OpCode.Intrinsic:
                {
                    var intrinsic = BindCall(t, ins);
                    // A local primitive with several outcomes (an allocation that may fail) is a step too: the search
                    // chooses the outcome.
                    var scheduled = intrinsic.Kind == IntrinsicKind.Visible
                        ? !ActsOnPrivateObjects(t, intrinsic)
                        : intrinsic.ChoiceCount(_call) > 1;
                    var mergedHere = false;
                    if (scheduled && visibleBudget == 0 && merge && MovableRelease(t, intrinsic, ins) && ++merged <= MaxMergedOperations)
                    {
                        // A left mover (a release): it runs in the step before it.
                        executed = 0;
                        MergedOperations++;
                        MergedLog?.Add(new MergedOperation(ins.Site, intrinsic.Name));
                        mergedHere = true;
                        _call.Choice = 0;
                    }
                    else if (scheduled)
                    {
                        if (readOnly)
                            throw Raise(FaultAt(FaultKind.InvariantImpure, t, ins.Site) with { Message = intrinsic.Name });
                        if (visibleBudget == 0) return null;
                        visibleBudget--;
                        LastSite = ins.Site;
                        LastOperation = intrinsic.Name;
                        _call.Choice = choice;
                        // A pointer handed to a primitive that can pass it on (a new thread's argument, a queued item, an
                        // interrupt's dev_id) is shared from now on. Primitives on one object (locks, counters) keep it
                        // where it is, and the object stays private if it was.
                        if ((intrinsic.Static & (StaticFootprint.Global | StaticFootprint.Spawns)) != 0)
                            foreach (var arg in _call.Args) State.Memory.EscapeValue(arg);
                        if (_discipline is not null) CheckDiscipline(t, intrinsic, ins.Site);
                    }
                    IntrinsicOutcome outcome;
                    if (Auditor is null || readOnly) outcome = intrinsic.Execute(_call);
                    else outcome = ExecuteAudited(t, intrinsic, inline: !scheduled);
                    if (outcome == IntrinsicOutcome.Again) return null;
                    if (scheduled && !mergedHere && intrinsic.DescribeChoice(_call) is { } described)
                    {
                        LastOperation = described;
                        LastChoiceDescribed = true;
                    }
                    // Execute may have pushed nothing but could have resized nothing either: pc is still ours.
                    t.Pc = pc + 1;
                    break;
                }
                case OpCode.Trap:
                    throw Raise(FaultAt(FaultKind.Trap, t, ins.Site) with { Message = _program.StringAt(Pointer.String((int)ins.Imm)) });
                default:
                    throw new InvalidOperationException($"unknown opcode {ins.Op}");
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ step merging (docs/step-merging.md)

    /// <summary>May an access to <paramref name="address"/> run in the step before it: the cell has a guard and the thread
    /// holds it (exclusively, to write). Never in an interrupt handler, which shares its thread's held locks.</summary>
    private bool Guarded(ModelThread t, long address, bool write)
    {
        var guard = _discipline!.GuardOf(address);
        return guard != 0 && !t.InInterruptFrame && Holds(t, guard, write);
    }

    private bool Holds(ModelThread t, long guard, bool write)
    {
        _call.BindThread(t, -1);
        var mode = _program.Provider.HeldMode(_call, guard);
        return write ? mode == LockHold.Exclusive : mode != LockHold.None;
    }

    /// <summary>May the bound primitive call run in the step before it: it releases a global lock whose releases are left
    /// movers, which the thread holds exclusively (so the step's footprint names it, <see cref="AddMergeable"/>), cannot
    /// block and has one outcome.</summary>
    private bool MovableRelease(ModelThread t, IIntrinsic intrinsic, in Instruction ins)
    {
        if (intrinsic.Lock != LockEffect.MovableRelease || t.InInterruptFrame || _call.Args.Length == 0) return false;
        var lockAddress = _call.Args[0];
        if (_discipline!.MovableLockOf(lockAddress) < 0 || !intrinsic.IsEnabled(_call) || intrinsic.ChoiceCount(_call) != 1) return false;
        var held = Holds(t, lockAddress, write: true);
        BindCall(t, ins); // Holds() bound the call to the thread alone
        return held;
    }

    /// <summary>A plain access the step runs as its visible operation: it must hold the cell's guard, and must not touch a
    /// lock whose releases merge.</summary>
    private void CheckDiscipline(ModelThread t, long address, bool write, int site)
    {
        if (AloneInItsState(t)) return;
        var guard = _discipline!.GuardOf(address);
        if (guard != 0 && !Holds(t, guard, write))
            throw Violation(_discipline.ClassOf(address), site, write ? "written without holding its guard exclusively" : "read without holding its guard");
        if (_discipline.MovableLockOf(address) is var lockClass and >= 0)
            throw Violation(lockClass, site, "a lock whose releases merge, accessed as memory");
    }

    /// <summary>
    /// Every other thread has finished (or none was started yet): nothing can interleave with this thread, so an access
    /// without the guard breaks nothing (Eraser's exclusive state: initialisation before the threads start, checks after
    /// they are stopped). Whether it holds depends on the other threads' status, so such a step's footprint reads every
    /// other thread's status (<see cref="AddOtherStatuses"/>): partial-order reduction keeps it ordered against their exits.
    /// </summary>
    private bool AloneInItsState(ModelThread t)
    {
        for (var i = 0; i < State.ThreadCount; i++)
            if (i != t.Id && State.Thread(i).Status != ThreadStatus.Finished) return false;
        return true;
    }

    /// <summary>Would the access be against the discipline, were the thread not alone: an unguarded access to a guarded
    /// cell, or a lock whose releases merge touched by anything but a lock operation.</summary>
    private bool BreaksDiscipline(ModelThread t, long cell, bool write, bool lockOperation)
    {
        if (!Pointer.IsData(cell)) return false;
        var guard = _discipline!.GuardOf(cell);
        if (guard != 0 && !Holds(t, guard, write)) return true;
        return !lockOperation && _discipline.MovableLockOf(cell) >= 0;
    }

    private bool IntrinsicBreaksDiscipline(ModelThread t, IIntrinsic intrinsic)
    {
        CollectCells(intrinsic);
        var lockOperation = IsLockOperation(intrinsic);
        foreach (var (cell, write) in _footprintCells.Cells)
            if (BreaksDiscipline(t, cell, write, lockOperation)) return true;
        return false;
    }

    private static bool IsLockOperation(IIntrinsic intrinsic) =>
        intrinsic.Lock is LockEffect.AcquireExclusive or LockEffect.AcquireShared or LockEffect.Release or LockEffect.MovableRelease;

    private void AddOtherStatuses(int thread, IFootprintSink sink)
    {
        for (var i = 0; i < State.ThreadCount; i++)
            if (i != thread) sink.Add(ThreadLocations.Status(i), write: false);
    }

    /// <summary>A primitive the step runs as its visible operation: every global cell in its footprint must be accessed
    /// under its guard, and a lock whose releases merge may only be taken or released.</summary>
    private void CheckDiscipline(ModelThread t, IIntrinsic intrinsic, int site)
    {
        if (AloneInItsState(t)) return;
        var choice = _call.Choice;
        CollectCells(intrinsic);
        var lockOperation = IsLockOperation(intrinsic);
        var cells = _footprintCells.Cells;
        for (var i = 0; i < cells.Count; i++)
        {
            var (cell, write) = cells[i];
            if (!Pointer.IsData(cell)) continue;
            var guard = _discipline!.GuardOf(cell);
            if (guard != 0 && !Holds(t, guard, write))
                throw Violation(_discipline.ClassOf(cell), site, $"touched by {intrinsic.Name} without holding its guard");
            if (!lockOperation && _discipline.MovableLockOf(cell) is var lockClass and >= 0)
                throw Violation(lockClass, site, $"a lock whose releases merge, touched by {intrinsic.Name}");
        }
        // Holds() rebinds the call to the thread alone: give the primitive its call back.
        BindCall(t, CurrentInstruction(t));
        _call.Choice = choice;
    }

    /// <summary>The exact cells the bound primitive call touches, into <see cref="_footprintCells"/>.</summary>
    private void CollectCells(IIntrinsic intrinsic)
    {
        _footprintCells.Clear();
        intrinsic.AddFootprint(_call, _footprintCells);
        if (_footprintCells.Global)
        {
            // A primitive that may touch anything names no cells (the audit lets it touch any memory): count every cell
            // of the global objects its arguments point into as written.
            foreach (var arg in _call.Args)
            {
                if (!Pointer.IsData(arg) || Pointer.ObjectOf(arg) > _program.Program.Globals.Count) continue;
                var size = _program.Program.Globals[Pointer.ObjectOf(arg) - 1].InitialCells.Length;
                for (var o = 0; o < size; o++) _footprintCells.Add(Pointer.Make(Pointer.ObjectOf(arg), o), write: true);
            }
        }
    }

    private DisciplineViolationException Violation(int classId, int site, string what)
    {
        var names = _program.Program.LocationClasses;
        var name = names is not null && classId >= 0 && classId < names.Count ? names[classId] : $"class {classId}";
        var where = _program.Site(site);
        return new DisciplineViolationException(classId, site, $"{name}: {what}{(where is null ? "" : $" at {where}")}");
    }

    /// <summary>Collects the exact cells of a footprint and whether it may touch anything (classes are not cells).</summary>
    private sealed class FootprintCells : IFootprintSink
    {
        public List<(long Cell, bool Write)> Cells { get; } = [];
        public bool Global { get; private set; }
        public void Clear() { Cells.Clear(); Global = false; }
        public void Add(long location, bool write) => Cells.Add((location, write));
        public void MarkGlobal() => Global = true;
        public void AddClass(int locationClass, bool write) { }
        public void MarkAnyClass() { }
    }

    /// <summary>Runs a primitive under the footprint audit: its accesses are recorded and compared with its footprint.</summary>
    private IntrinsicOutcome ExecuteAudited(ModelThread t, IIntrinsic intrinsic, bool inline)
    {
        Auditor!.Begin(State, t, intrinsic, _call, inline);
        IntrinsicOutcome outcome;
        try
        {
            outcome = intrinsic.Execute(_call);
        }
        catch (MachineFaultException)
        {
            Auditor.End();
            throw;
        }
        Auditor.End();
        return outcome;
    }

    /// <summary>
    /// A primitive that only touches the objects its arguments point to, all of them private to this thread (a lock
    /// initialised in a structure not yet published), cannot interact with another thread: it runs inline, like local
    /// code — if it can proceed now and has no choices.
    /// </summary>
    private bool ActsOnPrivateObjects(ModelThread t, IIntrinsic intrinsic)
    {
        if (intrinsic.Static != StaticFootprint.ArgumentObject) return false;
        var any = false;
        foreach (var arg in _call.Args)
        {
            if (!Pointer.IsData(arg)) continue;
            if (!State.Memory.IsPrivateTo(Pointer.ObjectOf(arg), t.Id)) return false;
            any = true;
        }
        return any && intrinsic.ChoiceCount(_call) == 1 && intrinsic.IsEnabled(_call);
    }

    private void Call(ModelThread t, Span<long> slots, in Instruction ins, int function)
    {
        var args = ins.Args;
        var count = args?.Length ?? 0;
        for (var i = 0; i < count; i++) _argBuffer[i] = slots[args![i]];
        var callee = _functions[function];
        if (t.StackLength + ModelThread.FrameHeader + callee.SlotCount > MaxStackCells)
            throw Raise(FaultAt(FaultKind.StackOverflow, t, ins.Site));
        t.PushFrame(function, callee.SlotCount);
        var calleeSlots = t.Slots(callee.SlotCount);
        var n = Math.Min(count, callee.ParameterCount);
        for (var i = 0; i < n; i++) calleeSlots[i] = _argBuffer[i];
    }

    /// <summary>Returns from the innermost frame; true when it was an interrupt handler's.</summary>
    private bool Return(ModelThread t, long value)
    {
        var fn = _functions[t.Function];
        var slots = t.Slots(fn.SlotCount);
        var fromInterrupt = t.InInterruptFrame;
        foreach (var s in fn.FrameObjectSlots)
        {
            var p = slots[s];
            if (Pointer.IsData(p) && State.Memory.Status(Pointer.ObjectOf(p)) == ObjectStatus.Live)
                State.Memory.SetStatus(Pointer.ObjectOf(p), ObjectStatus.Freed);
        }
        t.PopFrame();
        if (fromInterrupt)
        {
            // Back in the interrupted code, which is still parked where the interrupt found it.
            _call.BindThread(t, -1);
            _program.Provider.ExitInterrupt(_call);
            return true;
        }
        if (!t.HasFrame)
        {
            t.ExitCode = value;
            t.Status = ThreadStatus.Exiting;
            return false;
        }
        var caller = _functions[t.Function];
        ref readonly var call = ref caller.Code[t.Pc];
        if (call.A >= 0) t.Slots(caller.SlotCount)[call.A] = value;
        t.Pc++;
        return false;
    }

    /// <summary>Runs a side-effect-free function to completion on a scratch thread (invariants).</summary>
    private long Evaluate(int function)
    {
        _sandbox.Reset(-1, _program.Provider.ThreadContextCells);
        _sandbox.PushFrame(function, _functions[function].SlotCount);
        Run(_sandbox, visibleBudget: int.MaxValue, choice: 0, readOnly: true);
        return _sandbox.ExitCode;
    }

    // ------------------------------------------------------------------ services for intrinsics

    internal void CheckAccess(ModelThread t, long pointer, bool write, int site)
    {
        var fault = State.Memory.Check(pointer);
        if (fault != AccessFault.None)
            throw Raise(FaultAt(FaultKind.BadAccess, t, site, pointer) with { Write = write, Access = fault });
    }

    internal void FreeObject(ModelThread t, long pointer, int site)
    {
        if (pointer == 0) return; // kfree(NULL) is a no-op, as in the kernel
        var fault = State.Memory.Check(pointer);
        if (fault == AccessFault.Freed || (fault == AccessFault.None && Pointer.OffsetOf(pointer) != 0) || fault == AccessFault.Wild)
            throw Raise(FaultAt(FaultKind.BadFree, t, site, pointer) with { Access = fault });
        if (fault != AccessFault.None)
            throw Raise(FaultAt(FaultKind.BadAccess, t, site, pointer) with { Write = true, Access = fault });
        State.Memory.Free(Pointer.ObjectOf(pointer), t.Id, _program.Backtraces.Intern(t.FramesKey(), (this, t), static s => Innermost(s.Item1.Backtrace(s.t))));
    }

    internal int CreateThread(ModelThread creator, long function, long argument, long name, int site)
    {
        if (!Pointer.IsFunction(function))
            throw Raise(FaultAt(FaultKind.BadCall, creator, site, function));
        var index = Pointer.FunctionIndex(function);
        var t = State.AddThread();
        t.Name = name;
        var fn = _functions[index];
        t.PushFrame(index, fn.SlotCount);
        if (fn.ParameterCount > 0) t.Slots(fn.SlotCount)[0] = argument;
        _unsettled.Add(t);
        return t.Id;
    }
}
