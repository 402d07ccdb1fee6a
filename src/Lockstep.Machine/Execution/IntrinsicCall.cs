using System.Diagnostics.CodeAnalysis;
using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// The call a primitive is asked about: which thread, its arguments, its scratch (phase) slot, the choice taken,
/// and checked access to the state. One instance per executor, reused for every call.
/// </summary>
public sealed class IntrinsicCall
{
    private readonly long[] _args = new long[16];
    private Span<long> _slots => _thread!.Slots(_program.Program.Functions[_thread.Function].SlotCount);
    private readonly LoadedProgram _program;
    private readonly MachineExecutor _executor;
    private ModelThread? _thread;
    private int _scratchSlot;
    private int _resultSlot;

    internal IntrinsicCall(LoadedProgram program, MachineExecutor executor)
    {
        _program = program;
        _executor = executor;
    }

    public LoadedProgram Program => _program;
    public MachineState State => _executor.State;
    public ModelThread Thread => _thread!;
    public int ThreadId => _thread!.Id;
    public int ArgCount { get; private set; }
    public ReadOnlySpan<long> Args => _args.AsSpan(0, ArgCount);
    public long Arg(int index) => index < ArgCount ? _args[index] : 0;
    public int Choice { get; internal set; }
    public int Site { get; private set; }
    public SourceSite? SourceSite => _program.Site(Site);
    /// <summary>The intrinsic's name, as called.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The call site's phase slot: 0 on first arrival, kept across <see cref="IntrinsicOutcome.Again"/>.</summary>
    public long Scratch
    {
        get => _scratchSlot >= 0 ? _slots[_scratchSlot] : 0;
        set { if (_scratchSlot >= 0) _slots[_scratchSlot] = value; }
    }

    /// <summary>Sets the call's result value (ignored when the caller discards it).</summary>
    public long Result
    {
        set { if (_resultSlot >= 0) _slots[_resultSlot] = value; }
    }

    internal void Bind(ModelThread thread, in Instruction instruction, ReadOnlySpan<long> slots)
    {
        _thread = thread;
        Name = _program.Program.Intrinsics[(int)instruction.Imm];
        Site = instruction.Site;
        _scratchSlot = instruction.C;
        _resultSlot = instruction.A;
        var args = instruction.Args;
        ArgCount = args?.Length ?? 0;
        for (var i = 0; i < ArgCount; i++) _args[i] = slots[args![i]];
        Choice = 0;
    }

    /// <summary>For hooks not tied to a call instruction (thread exit).</summary>
    internal void BindThread(ModelThread thread, int site)
    {
        _thread = thread;
        Name = "";
        Site = site;
        _scratchSlot = -1;
        _resultSlot = -1;
        ArgCount = 0;
        Choice = 0;
    }

    public string ThreadName(int threadId) => _executor.ThreadName(threadId);

    /// <summary>Reads a cell; a bad pointer fails the step with the kernel's report (use-after-free, NULL dereference).</summary>
    public long Read(long pointer)
    {
        _executor.CheckAccess(_thread!, pointer, write: false, Site);
        State.Auditor?.ReadMemory(pointer);
        return State.Memory.ReadUnchecked(pointer);
    }

    public void Write(long pointer, long value)
    {
        _executor.CheckAccess(_thread!, pointer, write: true, Site);
        State.Memory.WriteUnchecked(pointer, value);
    }

    /// <summary>Reads a cell without failing: for enabling checks, which must not report (the step will).</summary>
    public bool TryRead(long pointer, out long value)
    {
        if (State.Memory.Check(pointer) != AccessFault.None) { value = 0; return false; }
        State.Auditor?.ReadMemory(pointer);
        value = State.Memory.ReadUnchecked(pointer);
        return true;
    }

    /// <summary>Allocates a zeroed object; it is private to the calling thread until a pointer to it is published.</summary>
    public long Allocate(int cells) => Pointer.Make(State.Memory.Allocate(cells, Site, _thread!.Id), 0);

    /// <summary>Frees the object <paramref name="pointer"/> points to (must point at its start); a double free is a bug.</summary>
    public void Free(long pointer) => _executor.FreeObject(_thread!, pointer, Site);

    /// <summary>Starts a thread running <paramref name="function"/>(<paramref name="argument"/>); returns its id.</summary>
    public int CreateThread(long function, long argument, long name) => _executor.CreateThread(_thread!, function, argument, name, Site);

    public string StringAt(long value) => _program.StringAt(value);

    /// <summary>Ends the step with a bug the primitive found (the provider renders and names it).</summary>
    [DoesNotReturn]
    public void Raise(MachineBug bug) => throw new MachineFaultException(bug);

    /// <summary>The call chain of the thread, innermost last, as function names (for kernel-style backtraces).</summary>
    public IReadOnlyList<string> Backtrace() => _executor.Backtrace(_thread!);

    /// <summary>The call chain as (function, "file:line") pairs, outermost first.</summary>
    public IReadOnlyList<(string Function, string Location)> Frames() => _executor.Frames(_thread!);
}
