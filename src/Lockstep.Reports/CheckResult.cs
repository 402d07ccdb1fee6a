namespace Lockstep.Reports;

/// <summary>Everything a check found: what a test asserts and what every report format renders.</summary>
public sealed record CheckResult(
    Verdict Verdict,
    IReadOnlyList<BugReport> Bugs,
    CheckStatistics Statistics,
    string? IncompleteReason,
    IReadOnlyList<string> Diagnostics)
{
    public string Model { get; init; } = "";
    public IReadOnlyList<string> Defines { get; init; } = [];
    public IReadOnlyList<string> Configs { get; init; } = [];
    public string Strategy { get; init; } = "dfs";
    /// <summary>Which search ran, in words (strategy, workers, reduction, what it checked); empty when none ran.</summary>
    public string Search { get; init; } = "";
    /// <summary>The kernel version the model followed (null when the check stopped before it was known).</summary>
    public KernelTarget? Kernel { get; init; }

    /// <summary>--keep-going: the search went on after the first bug, and <see cref="Bugs"/> holds every distinct one.</summary>
    public bool KeepGoing { get; init; }
    public int? Seed { get; init; }
    /// <summary>The model and every header the compiler read, with content hashes (empty for a model given as text).</summary>
    public IReadOnlyList<InputFile> Inputs { get; init; } = [];
    /// <summary>Every bug kind the checker can report, with its explanation (SARIF's rules).</summary>
    public IReadOnlyList<BugKindDescription> BugKinds { get; init; } = [];
    /// <summary>What lockdep learned about the lock order during the search.</summary>
    public LockGraph LockGraph { get; init; } = LockGraph.Empty;
    /// <summary>Why this search did not look for non-progress (fair cycles), e.g. "--search bfs"; null when it did.</summary>
    public string? NonProgressNotChecked { get; init; }
    /// <summary>What the search reached of the model (empty when not collected).</summary>
    public CoverageReport Coverage { get; init; } = CoverageReport.None;
    /// <summary>Under the footprint audit: how many executions of each primitive were checked against their footprint.</summary>
    public IReadOnlyDictionary<string, int> AuditedPrimitives { get; init; } = new Dictionary<string, int>();

    public BugReport? FirstBug => Bugs.Count > 0 ? Bugs[0] : null;

    public static CheckResult FromDiagnostics(IReadOnlyList<string> diagnostics, string model = "") =>
        new(Verdict.Error, [], CheckStatistics.Empty, null, diagnostics) { Model = model };
}

/// <summary>One bug with the interleaving that reaches it. <see cref="Path"/> is the raw schedule a replay file keeps.</summary>
public sealed record BugReport(
    string Kind,
    string Title,
    string Thread,
    SourceLocation? Location,
    string Report,
    IReadOnlyList<TraceStep> Trace,
    IReadOnlyList<ScheduleChoice> Path)
{
    /// <summary>
    /// The lock classes of the report's cycle, as lockdep names them, in dependency order (for a circular report the
    /// recorded chain then the acquisition that closes it; for recursive locking the one class); empty otherwise.
    /// </summary>
    public IReadOnlyList<string> LockCycle { get; init; } = [];

    /// <summary>
    /// For a predicted inversion: the shortest interleaving that recorded the dependency the report's acquisition closes
    /// (the other half of the deadlock); empty otherwise.
    /// </summary>
    public IReadOnlyList<TraceStep> DependencyOrigin { get; init; } = [];

    /// <summary>For a lasso (non-progress, soft lockup): the 1-based index of the first step of the loop; the steps from
    /// it to the end repeat forever. Null for every other bug.</summary>
    public int? LoopFrom { get; init; }
}

/// <summary>A place in a model file.</summary>
public sealed record SourceLocation(string File, int Line, int Column, string Function)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>One step of a trace: which thread ran, the visible operation it executed, and where.</summary>
public sealed record TraceStep(int Index, int ThreadId, string Thread, string Operation, SourceLocation? Location, string Source)
{
    /// <summary>After this step: the locks each thread holds, by lockdep class name, in acquisition order.</summary>
    public IReadOnlyList<ThreadLocks> Held { get; init; } = [];
    /// <summary>The visible operations that ran inside this step after its own, in order (step merging: accesses to cells
    /// guarded by a lock the thread holds, and releases no other thread can interleave with); empty without merging.</summary>
    public IReadOnlyList<MergedStep> Merged { get; init; } = [];
}

/// <summary>An operation that ran inside the trace step it belongs to (<see cref="TraceStep.Merged"/>).</summary>
public sealed record MergedStep(string Operation, SourceLocation? Location, string Source);

/// <summary>The locks one thread holds.</summary>
public sealed record ThreadLocks(string Thread, IReadOnlyList<string> Locks);

/// <summary>One scheduling decision: which thread, and which of its nondeterministic choices.</summary>
public sealed record ScheduleChoice(int Thread, int Choice);

public sealed record CheckStatistics(
    long States,
    long Transitions,
    int MaxDepth,
    double Seconds,
    double StatesPerSecond,
    long PeakMemoryBytes,
    double CollisionProbability)
{
    public static readonly CheckStatistics Empty = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Bytes of the fingerprint store (the visited set): its table, slack included.</summary>
    public long StoreBytes { get; init; }

    /// <summary>Source sites with a shared memory access, and those with an access of no location class (partial-order
    /// reduction treats those as "any memory" unless the pointer's value says more); 0 when the program has no classes.</summary>
    public int AccessSites { get; init; }
    public int UnclassifiedAccessSites { get; init; }

    /// <summary>Step merging (docs/step-merging.md): whether it was on, how many visible operations ran inside the step
    /// before them, and the location classes searched again without merging because an access broke the discipline.</summary>
    public bool StepMerging { get; init; }
    public long MergedOperations { get; init; }
    public IReadOnlyList<string> MergeFallbacks { get; init; } = [];
    /// <summary>The location classes of <see cref="MergeFallbacks"/> by name, for a replay to leave out again.</summary>
    public IReadOnlyList<string> MergeFallbackClasses { get; init; } = [];

    /// <summary>Store bytes per stored state (16 is the fingerprint's own size, the floor); 0 before any state.</summary>
    public double BytesPerState => States > 0 ? (double)StoreBytes / States : 0;
}
