using System.Diagnostics;

namespace Lockstep.Exploration;

/// <summary>
/// The runtime a strategy runs in (Coyote's split: strategies decide the order, this owns
/// everything else): the store, bounds, counters, bugs, progress reports and the stop flag.
/// Thread-safe where workers share it.
/// </summary>
internal sealed class SearchContext
{
    private const long ProgressIntervalMs = 250;
    /// <summary>How often the process's memory is compared with the budget (reading it costs a system call).</summary>
    private const long MemoryCheckIntervalMs = 10;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Counterexample> _bugs = [];
    private readonly HashSet<(string Kind, string Title)> _bugKeys = [];
    private readonly long _timeoutTicks;
    private long _transitions;
    private int _maxDepth;
    private long _nextProgressMs = ProgressIntervalMs;
    private long _nextMemoryCheckMs = MemoryCheckIntervalMs;
    private readonly long _memoryBudget;
    private int _progressBusy;
    private volatile bool _stopped;
    private volatile bool _depthCut;
    private int _stopReason; // IncompleteReason; the first bound hit wins

    public SearchContext(ITransitionSystem system, SearchOptions options)
    {
        System = system;
        Options = options;
        _memoryBudget = options.MaxMemoryBytes ?? SearchOptions.DefaultMemoryBudget;
        Store = new FingerprintStore(
            maxBytes: _memoryBudget,
            maxCount: options.MaxStates ?? long.MaxValue,
            segments: options.Workers > 1 ? 64 : 1,
            withPayload: options.Strategy == SearchStrategy.Dfs && options.PartialOrderReduction,
            concurrent: options.Workers > 1);
        _timeoutTicks = options.Timeout is { } timeout ? (long)(timeout.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
    }

    public ITransitionSystem System { get; }

    public SearchOptions Options { get; }

    public FingerprintStore Store { get; }

    public bool Stopped => _stopped;

    public int Schedules { get; set; }

    /// <summary>
    /// Adds a worker's step count and checks time, cancellation and progress. Call every few
    /// hundred steps; returns true when the search must stop.
    /// </summary>
    public bool Poll(long newTransitions)
    {
        Interlocked.Add(ref _transitions, newTransitions);
        if (Options.CancellationToken.IsCancellationRequested)
            Stop(IncompleteReason.Cancelled);
        else if (_clock.ElapsedTicks > _timeoutTicks)
            Stop(IncompleteReason.TimeLimit);
        else if (OverMemoryBudget())
            Stop(IncompleteReason.MemoryLimit);
        else if (Options.Progress is { } progress && _clock.ElapsedMilliseconds >= Interlocked.Read(ref _nextProgressMs)
                 && Interlocked.Exchange(ref _progressBusy, 1) == 0)
        {
            Interlocked.Exchange(ref _nextProgressMs, _clock.ElapsedMilliseconds + ProgressIntervalMs);
            progress(new SearchProgress(Store.Count, Interlocked.Read(ref _transitions), Volatile.Read(ref _maxDepth), _clock.Elapsed));
            Volatile.Write(ref _progressBusy, 0);
        }
        return _stopped;
    }

    /// <summary>The process's resident memory against the budget, at most every <see cref="MemoryCheckIntervalMs"/>.
    /// The store is only one consumer: model objects, deep stacks and threads a model starts without end grow too.</summary>
    private bool OverMemoryBudget()
    {
        var now = _clock.ElapsedMilliseconds;
        if (now < Interlocked.Read(ref _nextMemoryCheckMs)) return false;
        Interlocked.Exchange(ref _nextMemoryCheckMs, now + MemoryCheckIntervalMs);
        // Stop a fifth short of the budget: the process keeps growing between two checks and while the search unwinds,
        // and the peak it reports must stay under what was asked.
        return ProcessMemory.Resident() > _memoryBudget / 10 * 8;
    }

    public void Stop(IncompleteReason reason)
    {
        Interlocked.CompareExchange(ref _stopReason, (int)reason, (int)IncompleteReason.None);
        _stopped = true;
    }

    /// <summary>Stops on a store refusal (memory or state bound).</summary>
    public void StopFor(InsertOutcome outcome) =>
        Stop(outcome == InsertOutcome.MemoryFull ? IncompleteReason.MemoryLimit : IncompleteReason.StateLimit);

    public void NoteDepth(int depth)
    {
        int current = Volatile.Read(ref _maxDepth);
        while (depth > current)
        {
            int seen = Interlocked.CompareExchange(ref _maxDepth, depth, current);
            if (seen == current)
                return;
            current = seen;
        }
    }

    public void NoteDepthCut() => _depthCut = true;

    private string? _boundExceeded;

    /// <summary>A successor was not explored because it went past a size bound of the model; the first such message is
    /// the incomplete verdict's reason.</summary>
    public void NoteBoundExceeded(string message) => Interlocked.CompareExchange(ref _boundExceeded, message, null);

    /// <summary>Records a bug (the first path per kind and title); with StopAtFirstBug, stops the search.</summary>
    public void ReportBug(IBug bug, IReadOnlyList<Transition> path, int? loopStart = null)
    {
        lock (_bugs)
        {
            if (Options.StopAtFirstBug && _bugs.Count > 0)
                return;
            if (_bugKeys.Add((bug.Kind, bug.Title)))
                _bugs.Add(new Counterexample(bug, path) { LoopStart = loopStart });
        }
        if (Options.StopAtFirstBug)
            _stopped = true;
    }

    public SearchResult BuildResult(bool sampled, IncompleteReason sampledReason = IncompleteReason.Sampled, int? seed = null, string? message = null)
    {
        TimeSpan elapsed = _clock.Elapsed;
        var stopReason = (IncompleteReason)Volatile.Read(ref _stopReason);
        IncompleteReason reason =
            stopReason != IncompleteReason.None ? stopReason
            : _boundExceeded is not null ? IncompleteReason.ModelLimit
            : sampled ? sampledReason
            : _depthCut ? IncompleteReason.DepthLimit
            : IncompleteReason.None;
        List<Counterexample> bugs;
        lock (_bugs)
            bugs = [.. _bugs];
        SearchOutcome outcome =
            bugs.Count > 0 ? SearchOutcome.Bug
            : reason != IncompleteReason.None ? SearchOutcome.Incomplete
            : SearchOutcome.Ok;

        long states = Store.Count;
        var peak = ProcessMemory.Peak();

        var statistics = new SearchStatistics(
            States: states,
            Transitions: Interlocked.Read(ref _transitions),
            MaxDepth: Volatile.Read(ref _maxDepth),
            Elapsed: elapsed,
            StatesPerSecond: elapsed.TotalSeconds > 0 ? states / elapsed.TotalSeconds : 0,
            PeakMemoryBytes: peak,
            StoreBytes: Store.AllocatedBytes,
            CollisionProbability: SearchStatistics.EstimateCollisionProbability(states, Store.FingerprintBits),
            Schedules: Schedules);
        return new SearchResult(outcome, reason, bugs, statistics) { Seed = seed, Message = message ?? (reason == IncompleteReason.ModelLimit ? _boundExceeded : null) };
    }
}
