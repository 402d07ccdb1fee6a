namespace Lockstep.Machine.Execution;

/// <summary>
/// One thread of a state: status, name, kernel context cells, a variable-length kernel list (held locks), and its
/// call stack. Frames are laid out in <see cref="Stack"/> as [function, pc, previous frame base, slots...].
/// </summary>
public sealed class ModelThread
{
    public const int FrameHeader = 3;

    private ThreadStatus _status;
    private long _exitCode;
    private readonly LongList _held = new();

    public int Id { get; internal set; }

    /// <summary>Set while a <see cref="FootprintAuditor"/> checks a primitive: reads of this thread's state are recorded.
    /// Null otherwise, so the accessors below cost one test when auditing is off.</summary>
    internal FootprintAuditor? Auditor;

    public ThreadStatus Status
    {
        get { Auditor?.ReadStatus(Id); return _status; }
        set => _status = value;
    }

    /// <summary>The name value given at creation (a string literal pointer) — see <see cref="LoadedProgram.StringAt"/>.</summary>
    public long Name { get; set; }

    public long ExitCode
    {
        get { Auditor?.ReadStatus(Id); return _exitCode; }
        set => _exitCode = value;
    }

    /// <summary>The kernel context cells (the Kernel reads and writes them through <see cref="ReadContext"/> and <see cref="WriteContext"/>).</summary>
    internal long[] Context { get; private set; } = [];

    public long ReadContext(int cell)
    {
        Auditor?.ReadContext(Id, cell);
        return Context[cell];
    }

    public void WriteContext(int cell, long value) => Context[cell] = value;

    /// <summary>Variable-length kernel state of this thread (the held-lock stack).</summary>
    public LongList Held
    {
        get { Auditor?.ReadHeld(Id); return _held; }
    }
    internal long[] Stack = new long[64];
    internal int StackLength;
    internal int TopBase = -1;

    internal void Reset(int id, int contextCells)
    {
        Id = id;
        _status = ThreadStatus.Running;
        Name = 0;
        _exitCode = 0;
        if (Context.Length != contextCells) Context = new long[contextCells];
        else Array.Clear(Context);
        _held.Clear();
        StackLength = 0;
        TopBase = -1;
    }

    /// <summary>Marks a frame pushed by an interrupt: its return resumes the interrupted code, not a call.</summary>
    internal const long InterruptFrameFlag = 1L << 40;

    public bool HasFrame => TopBase >= 0;
    public int Function => (int)(Stack[TopBase] & 0xFFFF_FFFF);
    /// <summary>True when the innermost frame is an interrupt handler's.</summary>
    public bool InInterruptFrame => (Stack[TopBase] & InterruptFrameFlag) != 0;
    public int Pc
    {
        get => (int)Stack[TopBase + 1];
        set => Stack[TopBase + 1] = value;
    }

    public Span<long> Slots(int slotCount) => Stack.AsSpan(TopBase + FrameHeader, slotCount);

    /// <summary>Number of frames, innermost last; <see cref="FrameAt"/> walks them for backtraces.</summary>
    /// <summary>A hash of the call chain (function and pc of every frame), computed without allocating.</summary>
    public ulong FramesKey()
    {
        var hash = 0xcbf29ce484222325UL;
        for (var b = TopBase; b >= 0; b = (int)Stack[b + 2])
            hash = (hash ^ (ulong)(Stack[b] & 0xFFFF_FFFF) ^ ((ulong)Stack[b + 1] << 32)) * 0x100000001b3UL;
        return hash;
    }

    public IEnumerable<(int Function, int Pc)> Frames()
    {
        var list = new List<(int, int)>();
        for (var b = TopBase; b >= 0; b = (int)Stack[b + 2])
            list.Add(((int)(Stack[b] & 0xFFFF_FFFF), (int)Stack[b + 1]));
        list.Reverse();
        return list;
    }

    /// <summary>
    /// Zeroes every slot that is dead where its frame will resume: the innermost frame (and a frame an interrupt
    /// arrived in) resumes at its pc; a caller resumes after its call, whose result slot is about to be written.
    /// </summary>
    internal void ZeroDeadSlots(IReadOnlyList<Ir.IrFunction> functions, Analysis.SlotLiveness[] liveness)
    {
        var resumesAtPc = true;
        for (var b = TopBase; b >= 0; b = (int)Stack[b + 2])
        {
            var fn = (int)(Stack[b] & 0xFFFF_FFFF);
            var pc = (int)Stack[b + 1];
            var function = functions[fn];
            var slots = Stack.AsSpan(b + FrameHeader, function.SlotCount);
            var live = liveness[fn].LiveBefore(resumesAtPc ? pc : pc + 1);
            var keep = resumesAtPc ? -1 : function.Code[pc].A;
            for (var i = 0; i < slots.Length; i++)
            {
                if (i == keep) continue;
                var word = i >> 6;
                if (word >= live.Length || (live[word] & (1UL << (i & 63))) == 0) slots[i] = 0;
            }
            // The frame below an interrupt handler was interrupted at its pc; any other caller is inside a call.
            resumesAtPc = (Stack[b] & InterruptFrameFlag) != 0;
        }
    }

    internal void PushFrame(int function, int slotCount, bool interrupt = false)
    {
        var needed = StackLength + FrameHeader + slotCount;
        if (needed > Stack.Length) Array.Resize(ref Stack, Math.Max(needed, Stack.Length * 2));
        var b = StackLength;
        Stack[b] = (long)(uint)function | (interrupt ? InterruptFrameFlag : 0);
        Stack[b + 1] = 0;
        Stack[b + 2] = TopBase;
        Array.Clear(Stack, b + FrameHeader, slotCount);
        TopBase = b;
        StackLength = needed;
    }

    internal void PopFrame()
    {
        var prev = (int)Stack[TopBase + 2];
        StackLength = TopBase;
        TopBase = prev;
    }

    internal void Encode(ref StateWriter writer)
    {
        writer.Write((long)_status);
        writer.Write(Name);
        writer.Write(_exitCode);
        writer.Write(Context);
        writer.Write(_held.Count);
        writer.Write(_held.Items);
        writer.Write(TopBase);
        writer.Write(StackLength);
        writer.Write(Stack.AsSpan(0, StackLength));
    }

    internal void Decode(ref StateReader reader, int id, int contextCells)
    {
        Reset(id, contextCells);
        _status = (ThreadStatus)reader.Read();
        Name = reader.Read();
        _exitCode = reader.Read();
        reader.Read(Context);
        var held = (int)reader.Read();
        _held.SetCount(held);
        reader.Read(_held.Items);
        TopBase = (int)reader.Read();
        StackLength = (int)reader.Read();
        if (StackLength > Stack.Length) Stack = new long[Math.Max(StackLength, Stack.Length * 2)];
        reader.Read(Stack.AsSpan(0, StackLength));
    }
}
