using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Kernel;
using Lockstep.Kernel.Lockdep;
using Lockstep.Machine.Execution;

namespace Lockstep.Cluster;

/// <summary>
/// One partition of a distributed breadth-first search (see <see cref="IPartitionGrain"/>). It compiles the shipped
/// model itself and runs the Checker's <see cref="MachineTransitionSystem"/> on the states it owns: the same executor,
/// fingerprints and end-state checks as the one-process search, only the visited set and the frontier are split.
/// </summary>
[PartitionPlacement]
internal sealed class PartitionGrain : Grain, IPartitionGrain
{
    /// <summary>A batch is sent when it holds this many bytes of states: large enough that per-message costs vanish,
    /// small enough that the receiver keeps up while the sender expands.</summary>
    private const int BatchBytes = 64 * 1024;
    /// <summary>States expanded between yields, so Receive and Stop calls interleave with a running level.</summary>
    private const int YieldEvery = 32;
    private const int MaxPendingSends = 8;

    private Prepared? _prepared;
    private volatile bool _stopped;

    private Prepared Ready => _prepared ?? throw new PartitionLostException(
        $"partition {this.GetPrimaryKeyString()} holds no search: it was re-activated after its silo left, and its states are lost");

    public Task<string?> Prepare(SearchSpec spec, int index, int count)
    {
        var model = spec.Model;
        if (model.Hash != spec.ContentHash)
            return Task.FromResult<string?>($"the model's content hash differs on silo {RuntimeIdentity} ({model.Hash} != {spec.ContentHash})");
        var options = spec.ToCheckOptions();
        var source = ModelSource.FromFile(spec.ModelPath);
        var primitives = new KernelPrimitives(ModelCompilation.KernelConfigFor(source, options));
        var compiled = ModelCompilation.Compile(source, options, primitives);
        if (compiled.Program is null)
            return Task.FromResult<string?>($"the model does not compile on silo {RuntimeIdentity}: {string.Join("; ", compiled.Diagnostics)}");
        var read = compiled.Inputs.Select(SearchSpec.Describe).ToArray();
        if (!read.SequenceEqual(spec.InputHashes))
            return Task.FromResult<string?>($"silo {RuntimeIdentity} compiled other files than the client read");
        var peers = Enumerable.Range(0, count).Select(i => GrainFactory.GetGrain<IPartitionGrain>(PartitionKey.Of(PartitionKey.SearchOf(this.GetPrimaryKeyString()), i))).ToArray();
        _prepared = new Prepared(spec, options, index, count, peers, primitives, compiled.Program);
        _stopped = false;
        return Task.FromResult<string?>(null);
    }

    public async Task<long> AddInitial()
    {
        var p = Ready;
        var initial = p.Executor.InitialState();
        var fingerprint = Fingerprint.Of(initial);
        var owner = p.Owner(fingerprint);
        if (owner == p.Index)
            return p.Insert(fingerprint, new ParentLink(-1, -1, -1, -1), initial, 0) == InsertOutcome.Added ? 1 : 0;
        var accepted = await p.Peers[owner].Receive(new SuccessorBatch(-1, [-1], [-1], [-1], [initial.Length], initial, 0));
        return accepted.Added;
    }

    public async Task<LevelReport> ExpandLevel(int depth, byte[]? graph)
    {
        var p = Ready;
        var lockdep = p.Primitives.Services.Lockdep.Graph;
        if (graph is not null) lockdep.Import(Wire.DecodeGraph(graph));
        var level = p.StartLevel(depth, lockdep);
        var versionAtStart = lockdep.Version;
        var pending = new List<Task<Accepted>>();
        long newStates = 0;
        var refused = false;
        for (var i = 0; i < level.Count && !_stopped; i++)
        {
            if (i > 0 && i % YieldEvery == 0) await Task.Yield();
            var (id, state) = level[i];
            newStates += p.Expand(id, state, depth, pending);
            while (pending.Count > MaxPendingSends)
            {
                var accepted = await pending[0];
                pending.RemoveAt(0);
                newStates += accepted.Added;
                refused |= accepted.Refused;
            }
        }
        p.Flush(pending);
        foreach (var send in pending)
        {
            var accepted = await send;
            newStates += accepted.Added;
            refused |= accepted.Refused;
        }
        return p.Report(newStates, refused, lockdep.Version != versionAtStart, _stopped);
    }

    public Task<Accepted> Receive(SuccessorBatch batch)
    {
        var p = Ready;
        long added = 0;
        var refused = false;
        var offset = 0;
        for (var i = 0; i < batch.Parents.Length; i++)
        {
            var state = batch.States.AsSpan(offset, batch.Lengths[i]).ToArray();
            offset += batch.Lengths[i];
            var outcome = p.Insert(Fingerprint.Of(state), new ParentLink(batch.FromPartition, batch.Parents[i], batch.Threads[i], batch.Choices[i]), state, batch.Depth);
            if (outcome == InsertOutcome.Added) added++;
            else if (outcome != InsertOutcome.Present) refused = true;
        }
        return Task.FromResult(new Accepted(added, refused));
    }

    public Task Stop()
    {
        _stopped = true;
        return Task.CompletedTask;
    }

    public Task<BugCandidate[]> Recheck(byte[] others) => Task.FromResult(Ready.Recheck(Wire.DecodeGraph(others)));

    public Task<ParentLink> Parent(long local) => Task.FromResult(Ready.Parents[(int)local]);

    public Task<RemoteBug> Describe(int candidate, int[] threads, int[] choices)
    {
        var p = Ready;
        var found = p.Found[candidate];
        var path = threads.Select((t, i) => new Transition(t, choices[i])).ToList();
        var report = ModelChecker.Describe(found.Program, found.Primitives, p.Options, new Counterexample(found.Bug, path), first: true);
        return Task.FromResult(new RemoteBug(Wire.Encode(report), ModelChecker.MisuseDiagnostic(found.Program, found.Bug, p.Spec.ModelPath)));
    }

    public Task<CoverageSnapshot> Coverage()
    {
        var p = Ready;
        var reached = new Coverage(p.Program.Program);
        p.System.ReachedCoverage(reached);
        return Task.FromResult(new CoverageSnapshot(reached.Sites, reached.Jumps));
    }

    public Task<SampleReport> Sample(SearchSpec spec, int seed, int schedules) =>
        Task.FromResult(SwarmShare.Run(spec, seed, schedules, RuntimeIdentity));

    public Task Release()
    {
        _prepared = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>A found bug with what describes it: the program and primitives it was found with.</summary>
    internal sealed record FoundBug(IBug Bug, LoadedProgram Program, KernelPrimitives Primitives);

    /// <summary>Everything a prepared partition holds for one search.</summary>
    private sealed class Prepared
    {
        private readonly List<Transition> _enabled = [];
        private readonly Outbox[] _outboxes;
        /// <summary>The states of levels not yet expanded, by depth (successors of level d arrive while d runs).</summary>
        private readonly Dictionary<int, List<(long Id, byte[] State)>> _levels = [];
        private readonly List<(long Id, byte[] State, Transition Step)> _graphSteps = [];
        private LockdepSnapshot? _graphAtStart;
        private int _depth;
        private BugCandidate? _best;
        private long _transitions, _messages, _bytes, _statesSent;
        private bool _depthCut, _storeFull;
        private string? _boundExceeded;

        public Prepared(SearchSpec spec, CheckOptions options, int index, int count, IPartitionGrain[] peers, KernelPrimitives primitives,
            Machine.Ir.IrProgram program)
        {
            Spec = spec;
            Options = options;
            Index = index;
            Count = count;
            Peers = peers;
            Primitives = primitives;
            Program = new LoadedProgram(program, primitives);
            // As the one-process check does: main's local prefix runs once before the search (its bugs are the client's).
            new MachineExecutor(Program).Initialize();
            System = new MachineTransitionSystem(Program) { CollectCoverage = options.Coverage, Limits = options.Limits };
            Executor = System.CreateExecutor();
            Store = new FingerprintStore(maxBytes: (options.MaxMemoryBytes ?? SearchOptions.DefaultMemoryBudget), maxCount: spec.MaxStates ?? long.MaxValue);
            _outboxes = Enumerable.Range(0, count).Select(_ => new Outbox()).ToArray();
        }

        public SearchSpec Spec { get; }
        public CheckOptions Options { get; }
        public int Index { get; }
        public int Count { get; }
        public IPartitionGrain[] Peers { get; }
        public KernelPrimitives Primitives { get; }
        public LoadedProgram Program { get; }
        public MachineTransitionSystem System { get; }
        public IExecutor Executor { get; }
        public FingerprintStore Store { get; }
        public List<ParentLink> Parents { get; } = [];
        /// <summary>Index 0: the best bug the expansion found; 1: the best the recheck found.</summary>
        public FoundBug[] Found { get; } = new FoundBug[2];

        /// <summary>The owner of a fingerprint. The low bits: the store's segments use the high ones.</summary>
        public int Owner(Fingerprint fingerprint) => (int)(fingerprint.Low % (ulong)Count);

        public InsertOutcome Insert(Fingerprint fingerprint, ParentLink parent, byte[] state, int depth)
        {
            var outcome = Store.TryAdd(fingerprint);
            if (outcome == InsertOutcome.Added)
            {
                if (!_levels.TryGetValue(depth, out var level)) _levels[depth] = level = [];
                level.Add((Parents.Count, state));
                Parents.Add(parent);
            }
            else if (outcome != InsertOutcome.Present) _storeFull = true;
            return outcome;
        }

        public List<(long Id, byte[] State)> StartLevel(int depth, LockdepGraph lockdep)
        {
            _levels.Remove(depth, out var level);
            level ??= [];
            _depth = depth;
            _graphSteps.Clear();
            _graphAtStart = Count > 1 ? lockdep.Export() : null;
            _best = null;
            Found[0] = Found[1] = null!;
            _transitions = _messages = _bytes = _statesSent = 0;
            _depthCut = false;
            return level;
        }

        /// <summary>Expands one state; returns how many of its successors this partition stored as new.</summary>
        public long Expand(long id, byte[] state, int depth, List<Task<Accepted>> pending)
        {
            _enabled.Clear();
            Executor.GetEnabled(state, _enabled);
            if (_enabled.Count == 0)
            {
                if (Executor.CheckEndState(state) is { } endBug)
                    Consider(0, endBug, Program, Primitives, depth, id, Fingerprint.Of(state), null);
                return 0;
            }
            if (depth >= (Spec.MaxDepth ?? int.MaxValue))
            {
                _depthCut = true;
                return 0;
            }
            var lockdep = Primitives.Services.Lockdep.Graph;
            long added = 0;
            foreach (var transition in _enabled)
            {
                var version = lockdep.Version;
                var step = Executor.Step(state, transition);
                _transitions++;
                if (Count > 1 && lockdep.Version != version) _graphSteps.Add((id, state, transition));
                if (step.Bug is { } bug)
                {
                    // Every step bug of the level is a candidate (the tie-break needs them all); nothing is sent any more.
                    Consider(0, bug, Program, Primitives, depth + 1, id, Fingerprint.Of(state), transition);
                    continue;
                }
                if (step.BoundExceeded is { } bound)
                {
                    _boundExceeded ??= bound;
                    continue;
                }
                if (_best is not null) continue;
                var fingerprint = Fingerprint.Of(step.Successor);
                var owner = Owner(fingerprint);
                if (owner == Index)
                {
                    if (Insert(fingerprint, new ParentLink(Index, id, transition.Thread, transition.Choice), step.Successor.ToArray(), depth + 1) == InsertOutcome.Added) added++;
                    continue;
                }
                var outbox = _outboxes[owner];
                outbox.Add(id, transition, step.Successor);
                if (outbox.Bytes >= BatchBytes) pending.Add(Send(owner, depth + 1));
            }
            return added;
        }

        public void Flush(List<Task<Accepted>> pending)
        {
            for (var owner = 0; owner < Count; owner++)
                if (_outboxes[owner].Count > 0) pending.Add(Send(owner, _depth + 1));
        }

        private Task<Accepted> Send(int owner, int depth)
        {
            var batch = _outboxes[owner].Take(Index, depth);
            _messages++;
            _bytes += batch.PayloadBytes;
            _statesSent += batch.Parents.Length;
            return Peers[owner].Receive(batch);
        }

        private void Consider(int slot, IBug bug, LoadedProgram program, KernelPrimitives primitives, int pathLength, long local, Fingerprint from, Transition? step)
        {
            var candidate = BugCandidate.For(Index, slot, bug, pathLength, local, from, step);
            if (slot == 0)
            {
                if (_best is not null && _best.CompareTo(candidate) <= 0) return;
                _best = candidate;
            }
            Found[slot] = new FoundBug(bug, program, primitives);
        }

        public LevelReport Report(long newStates, bool refused, bool graphGrew, bool stopped) => new()
        {
            Bugs = _best is null ? [] : [_best],
            NewStates = newStates,
            Transitions = _transitions,
            DepthCut = _depthCut,
            StoreFull = _storeFull || refused,
            Messages = _messages,
            BytesSent = _bytes,
            StatesSent = _statesSent,
            Graph = graphGrew && Count > 1 ? Wire.Encode(Primitives.Services.Lockdep.Graph.Export()) : null,
            GraphSteps = _graphSteps.Count,
            StoredStates = Store.Count,
            Stopped = stopped,
            BoundExceeded = _boundExceeded,
        };

        public BugCandidate[] Recheck(LockdepSnapshot others)
        {
            if (_graphSteps.Count == 0 || _graphAtStart is null) return [];
            // A fresh lockdep that knows what every partition knew at the level's start and what the others learnt in
            // it, but not what this partition learnt: re-running this partition's teaching steps in order then finds
            // any cycle one process would have found whichever half it had explored first.
            var fresh = new KernelPrimitives(Primitives.Services.Config);
            var program = new LoadedProgram(Program.Program, fresh);
            fresh.Services.Lockdep.Graph.Import(_graphAtStart);
            fresh.Services.Lockdep.Graph.Import(others);
            var executor = new MachineTransitionSystem(program) { Limits = Options.Limits }.CreateExecutor();
            executor.InitialState();
            BugCandidate? best = null;
            foreach (var (id, state, transition) in _graphSteps)
            {
                var step = executor.Step(state, transition);
                if (step.Bug is not { } bug) continue;
                var candidate = BugCandidate.For(Index, 1, bug, _depth + 1, id, Fingerprint.Of(state), transition);
                if (best is not null && best.CompareTo(candidate) <= 0) continue;
                best = candidate;
                Found[1] = new FoundBug(bug, program, fresh);
            }
            return best is null ? [] : [best];
        }
    }

    /// <summary>Successors waiting to be sent to one owner.</summary>
    private sealed class Outbox
    {
        private readonly List<long> _parents = [];
        private readonly List<int> _threads = [];
        private readonly List<int> _choices = [];
        private readonly List<int> _lengths = [];
        private readonly MemoryStream _states = new();

        public int Count => _parents.Count;
        public long Bytes => _states.Length;

        public void Add(long parent, Transition transition, ReadOnlySpan<byte> state)
        {
            _parents.Add(parent);
            _threads.Add(transition.Thread);
            _choices.Add(transition.Choice);
            _lengths.Add(state.Length);
            _states.Write(state);
        }

        public SuccessorBatch Take(int from, int depth)
        {
            var batch = new SuccessorBatch(from, [.. _parents], [.. _threads], [.. _choices], [.. _lengths], _states.ToArray(), depth);
            _parents.Clear();
            _threads.Clear();
            _choices.Clear();
            _lengths.Clear();
            _states.SetLength(0);
            return batch;
        }
    }
}
