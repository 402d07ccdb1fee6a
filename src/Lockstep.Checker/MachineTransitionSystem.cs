using Lockstep.Exploration;
using Lockstep.Machine.Analysis;
using Lockstep.Machine.Execution;

namespace Lockstep.Checker;

/// <summary>
/// Adapts the Machine to the search: the Exploration layer sees byte states and (thread, choice) transitions, and
/// never the C model or the kernel behind them.
/// </summary>
public sealed class MachineTransitionSystem(LoadedProgram program, bool auditFootprints = false) : ITransitionSystem
{
    private readonly System.Collections.Concurrent.ConcurrentBag<Coverage> _coverage = [];
    private readonly List<FootprintAuditor> _auditors = [];
    private readonly System.Collections.Concurrent.ConcurrentBag<MachineExecutor> _executors = [];

    public LoadedProgram Program { get; } = program;
    /// <summary>Give every executor a <see cref="Machine.Execution.Coverage"/> (one per worker, merged by <see cref="ReachedCoverage"/>).</summary>
    public bool CollectCoverage { get; init; }
    /// <summary>How large a state may grow (threads, objects); a successor past it is not explored.</summary>
    public MachineLimits Limits { get; init; } = MachineLimits.Default;

    public IExecutor CreateExecutor()
    {
        var machine = new MachineExecutor(Program) { Limits = Limits };
        _executors.Add(machine);
        if (CollectCoverage)
        {
            machine.Coverage = new Coverage(Program.Program);
            _coverage.Add(machine.Coverage);
        }
        if (auditFootprints)
        {
            machine.Auditor = new FootprintAuditor(Program.Provider);
            lock (_auditors) _auditors.Add(machine.Auditor);
        }
        return new Stepper(machine);
    }

    /// <summary>Operations every executor created so far merged into the step before them.</summary>
    public long MergedOperations() => _executors.Sum(e => e.MergedOperations);

    /// <summary>What every executor created so far reached, merged into <paramref name="into"/>.</summary>
    public void ReachedCoverage(Coverage into)
    {
        foreach (var c in _coverage) into.MergeFrom(c);
    }

    /// <summary>Under the footprint audit: how many executions of each primitive every executor checked.</summary>
    public IReadOnlyDictionary<string, int> Audited()
    {
        var total = new SortedDictionary<string, int>(StringComparer.Ordinal);
        lock (_auditors)
            foreach (var auditor in _auditors)
                foreach (var (name, n) in auditor.Audited)
                    total[name] = total.TryGetValue(name, out var m) ? m + n : n;
        return total;
    }

    /// <summary>One worker's executor: decodes a state, runs one step, encodes the successor.</summary>
    private sealed class Stepper(MachineExecutor machine) : IExecutor
    {
        private readonly List<(int Thread, int Choice)> _enabled = [];
        private readonly FootprintSink _sink = new();
        private readonly bool _hasInvariants = machine.Program.Program.Invariants.Count > 0;
        private byte[] _loaded = new byte[4096];
        private int _loadedLength = -1;
        private bool _enabledKnown;
        /// <summary>The machine's decoded state is the last step's result, whose encoding it still holds
        /// (<see cref="MachineExecutor.LastEncoding"/>).</summary>
        private bool _successorLoaded;

        /// <summary>
        /// Decodes <paramref name="state"/> unless it is the state already decoded: the search asks about one state
        /// several times in a row (enabled set, footprints, each transition), and comparing bytes is much cheaper
        /// than decoding them.
        /// </summary>
        private void Load(ReadOnlySpan<byte> state)
        {
            // The search promised that this is the focused state, and it is the one decoded: nothing to compare.
            if (_focus is { } focus && _loadedFingerprint == focus && _loadedLength == state.Length) return;
            _loadedFingerprint = _focus;
            if (_loadedLength == state.Length && state.SequenceEqual(_loaded.AsSpan(0, _loadedLength))) return;
            // After a step the machine holds the successor: the search usually asks about it next (a new state).
            if (_successorLoaded && state.SequenceEqual(machine.LastEncoding))
            {
                _successorLoaded = false;
                if (_loaded.Length < state.Length) _loaded = new byte[Math.Max(state.Length, _loaded.Length * 2)];
                state.CopyTo(_loaded);
                _loadedLength = state.Length;
                return;
            }
            _successorLoaded = false;
            machine.Load(state);
            _enabledKnown = false;
            if (_loaded.Length < state.Length) _loaded = new byte[Math.Max(state.Length, _loaded.Length * 2)];
            state.CopyTo(_loaded);
            _loadedLength = state.Length;
        }

        /// <summary>The state the search promised the next calls are about (<see cref="IExecutor.Focus"/>), and the
        /// fingerprint of the state decoded (null: unknown).</summary>
        private Fingerprint? _focus;
        private Fingerprint? _loadedFingerprint;

        public void Focus(Fingerprint? state) => _focus = state;

        public byte[] InitialState()
        {
            // A bug in main's local prefix is found by ModelChecker before the search starts.
            machine.Initialize();
            _loadedLength = -1;
            _enabledKnown = false;
            return machine.Encode().ToArray();
        }

        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled)
        {
            LoadEnabled(state);
            foreach (var (t, c) in _enabled) enabled.Add(new Transition(t, c));
        }

        /// <summary>The enabled set of <paramref name="state"/>, computed once however often the search asks.</summary>
        private void LoadEnabled(ReadOnlySpan<byte> state)
        {
            Load(state);
            if (_enabledKnown) return;
            _enabled.Clear();
            machine.GetEnabled(_enabled);
            _enabledKnown = true;
        }

        public StepResult Step(ReadOnlySpan<byte> state, Transition transition)
        {
            Load(state);
            _loadedLength = -1; // the step changes the decoded state
            _enabledKnown = false;
            var bug = machine.Step(transition.Thread, transition.Choice) ?? (_hasInvariants ? machine.CheckInvariants(transition.Thread) : null);
            var successor = machine.Encode();
            // The decoded state is the successor until the next call (a bug leaves it half-stepped: decode again).
            _successorLoaded = bug is null && machine.LastLimitExceeded is null;
            return new StepResult
            {
                Successor = successor,
                Bug = bug is null ? null : new ModelBug(bug),
                BoundExceeded = machine.LastLimitExceeded is { } limit ? LimitText.Describe(limit) : null,
            };
        }

        public IBug? CheckEndState(ReadOnlySpan<byte> state)
        {
            Load(state);
            var bug = machine.CheckEndState();
            return bug is null ? null : new ModelBug(bug);
        }

        public bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked)
        {
            // Without a static bound on what threads may still do, no proper persistent set can be proven.
            if (!machine.HasFutureFootprints) return false;
            LoadEnabled(state);
            for (var t = 0; t < machine.State.ThreadCount; t++)
            {
                if (machine.State.Thread(t).Status == ThreadStatus.Finished) continue;
                var any = false;
                foreach (var e in _enabled) if (e.Thread == t) { any = true; break; }
                if (!any) blocked.Add(t);
            }
            return true;
        }

        public int AwaitedExit(ReadOnlySpan<byte> state, int blockedThread)
        {
            Load(state);
            return machine.AwaitedExit(blockedThread);
        }

        public void GetFutureFootprint(ReadOnlySpan<byte> state, int thread, Footprint footprint)
        {
            Load(state);
            // A thread's future depends only on its status and the functions on its stack, and the same stacks come
            // back in state after state: compute each bound once.
            var hash = machine.FutureKey(thread, _stackKey);
            if (_futures.TryGetValue(hash, out var entries))
            {
                foreach (var (key, cached) in entries)
                {
                    if (key.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_stackKey)))
                    {
                        footprint.CopyFrom(cached);
                        AddFutureCells(thread, footprint);
                        return;
                    }
                }
            }
            else
            {
                entries = [];
                _futures[hash] = entries;
            }
            var computed = new Footprint();
            _sink.Target = computed;
            machine.GetStaticFutureFootprint(thread, _sink);
            entries.Add((_stackKey.ToArray(), computed));
            footprint.CopyFrom(computed);
            AddFutureCells(thread, footprint);
        }

        /// <summary>The cells a thread's future touches through its frames' pointer values: not cached (they depend on values).</summary>
        private void AddFutureCells(int thread, Footprint footprint)
        {
            _sink.Target = footprint;
            machine.AddFutureCells(thread, _sink);
        }

        private readonly List<int> _stackKey = [];
        private readonly Dictionary<ulong, List<(int[] Key, Footprint Future)>> _futures = [];

        public bool IsStuck(ReadOnlySpan<byte> state, IReadOnlyList<int> looping)
        {
            Load(state);
            return machine.IsStuck(looping);
        }

        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint)
        {
            Load(state);
            _sink.Target = footprint;
            machine.GetFootprint(transition.Thread, transition.Choice, _sink);
            // A step that writes may change what an invariant reads: it must never be reduced away.
            if (_hasInvariants && (_sink.Wrote || footprint.Global)) footprint.Visible = true;
        }


    }

    private sealed class FootprintSink : IFootprintSink
    {
        private Footprint _target = new();

        public Footprint Target
        {
            get => _target;
            set { _target = value; Wrote = false; }
        }
        public bool Wrote { get; private set; }

        public void Add(long location, bool write)
        {
            Target.Add(location, write);
            Wrote |= write;
        }

        public void MarkGlobal() => Target.Global = true;
        public void AddClass(int locationClass, bool write)
        {
            Target.AddClass(locationClass, write, memory: LocationClasses.IsMemory(locationClass));
            Wrote |= write;
        }
        public void MarkAnyClass() => Target.AnyClass = true;
    }
}

/// <summary>A Machine bug as the search carries it.</summary>
public sealed class ModelBug(MachineBug bug) : IBug
{
    public MachineBug Bug { get; } = bug;
    public string Kind => Bug.Kind;
    public string Title => Bug.Title;
}
