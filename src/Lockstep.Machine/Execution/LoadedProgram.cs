using Lockstep.Machine.Analysis;
using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>An <see cref="IrProgram"/> with its intrinsic names resolved against a provider: what executors run.</summary>
public sealed class LoadedProgram
{
    public IrProgram Program { get; }
    public IIntrinsicProvider Provider { get; }
    public IIntrinsic[] Intrinsics { get; }

    public LoadedProgram(IrProgram program, IIntrinsicProvider provider)
    {
        Program = program;
        Provider = provider;
        Intrinsics = new IIntrinsic[program.Intrinsics.Count];
        for (var i = 0; i < Intrinsics.Length; i++)
            Intrinsics[i] = provider.Resolve(program.Intrinsics[i]);
        provider.Attach(this);
        Future = FutureFootprints.Analyze(this);
        Liveness = program.Functions.Select(SlotLiveness.Analyze).ToArray();
    }

    /// <summary>Backtraces states refer to by number (where a freed object was freed).</summary>
    public BacktraceTable Backtraces { get; } = new();

    /// <summary>Live slots per function and pc, used to zero dead slots when a thread parks.</summary>
    public SlotLiveness[] Liveness { get; }

    /// <summary>The static bound on what each function may still touch; null when the program has no location classes.</summary>
    public FutureFootprints? Future { get; }

    /// <summary>The locking discipline steps merge by (docs/step-merging.md); null when steps are not merged.</summary>
    public LockDiscipline? Discipline { get; private set; }

    /// <summary>Merges steps by the program's locking discipline from now on, leaving out the classes in
    /// <paramref name="fallbacks"/>. Call before any executor of this program is created.</summary>
    public void MergeSteps(IReadOnlySet<int> fallbacks) => Discipline = LockDiscipline.Analyze(this, fallbacks) is { IsEmpty: false } d ? d : null;

    private readonly List<string> _extraStrings = [];

    /// <summary>Adds a string that is not in the program (a kernel thread's name) and returns its string pointer.
    /// Call only while attaching, so every executor of the program sees the same values.</summary>
    public long Intern(string text)
    {
        _extraStrings.Add(text);
        return Pointer.String(Program.Strings.Count + _extraStrings.Count - 1);
    }

    public SourceSite? Site(int site) => site >= 0 && site < Program.Sites.Count ? Program.Sites[site] : null;

    public string StringAt(long value)
    {
        if (!Pointer.IsString(value)) return "";
        var id = Pointer.StringId(value);
        if (id < Program.Strings.Count) return Program.Strings[id];
        id -= Program.Strings.Count;
        return id < _extraStrings.Count ? _extraStrings[id] : "";
    }
}
