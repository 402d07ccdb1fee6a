namespace Lockstep.Exploration;

/// <summary>
/// Level-synchronous breadth-first search over a shared fingerprint store, with one executor per
/// worker. Workers take states of the current level from a shared cursor (cheap work sharing) and
/// collect successors into their own next-level lists; parent links give the path to any state.
///
/// Used for <see cref="SearchStrategy.Bfs"/> (no reduction, so the first counterexample is a
/// shortest one: a step bug found in level d is only reported after every state of level d has had
/// its end-state check, since a deadlock there would be shorter) and for DFS with Workers &gt; 1.
/// In the latter, partial-order reduction uses persistent sets with the "new successor" proviso
/// instead of the stack proviso (no worker has the whole stack): a state whose reduced expansion
/// reaches an already stored state (or raises a bug, a dead end) is expanded fully. Ids grow along every edge out of a reduced
/// state, so every cycle contains a fully expanded state. No sleep sets, so with reduction the state
/// count can differ from the sequential DFS; without reduction it is the same.
/// </summary>
internal sealed class BreadthFirstStrategy : ISearchStrategy
{
    private const int PollInterval = 256;

    private readonly bool _reduce;
    private readonly ParentLinks _links = new();
    private SearchContext _context = null!;
    private Worker[] _workers = [];
    private List<(long Id, byte[] State)> _level = [];
    private int _cursor;
    private int _depth;
    private volatile bool _stepsFrozen;
    private Counterexample? _shortest;
    private int _shortestLength;

    public BreadthFirstStrategy(bool reduce) => _reduce = reduce;

    public SearchResult Explore(SearchContext context)
    {
        _context = context;
        _workers = new Worker[context.Options.Workers];
        for (int i = 0; i < _workers.Length; i++)
            _workers[i] = new Worker(context.System.CreateExecutor());

        byte[] initial = _workers[0].Executor.InitialState();
        InsertOutcome initialOutcome = context.Store.TryAdd(Fingerprint.Of(initial));
        if (initialOutcome == InsertOutcome.Added)
            _level.Add((_links.Add(-1, default), initial));
        else
            context.StopFor(initialOutcome);

        while (_level.Count > 0 && !context.Stopped)
        {
            context.NoteDepth(_depth);
            _cursor = -1;
            if (_workers.Length == 1)
                RunWorker(_workers[0]);
            else
                Parallel.ForEach(_workers, new ParallelOptions { MaxDegreeOfParallelism = _workers.Length }, RunWorker);

            if (_shortest is { } shortest)
            {
                context.ReportBug(shortest.Bug, shortest.Path);
                break;
            }
            var next = new List<(long, byte[])>();
            foreach (Worker worker in _workers)
            {
                next.AddRange(worker.NextLevel);
                worker.NextLevel.Clear();
            }
            _level = next;
            _depth++;
        }
        return context.BuildResult(sampled: false);
    }

    private void RunWorker(Worker worker)
    {
        long sinceLastPoll = 0;
        int index;
        while (!_context.Stopped && (index = Interlocked.Increment(ref _cursor)) < _level.Count)
        {
            (long id, byte[] state) = _level[index];
            sinceLastPoll += Expand(worker, id, state);
            if (sinceLastPoll >= PollInterval)
            {
                _context.Poll(sinceLastPoll);
                sinceLastPoll = 0;
            }
        }
        _context.Poll(sinceLastPoll);
    }

    /// <summary>Expands one state; returns the number of steps executed.</summary>
    private int Expand(Worker worker, long id, byte[] state)
    {
        IExecutor executor = worker.Executor;
        List<Transition> enabled = worker.Enabled;
        enabled.Clear();
        executor.GetEnabled(state, enabled);
        if (enabled.Count == 0)
        {
            if (executor.CheckEndState(state) is { } bug)
                Found(bug, _links.PathTo(id));
            return 0;
        }
        if (_stepsFrozen)
            return 0;
        if (_depth >= _context.Options.MaxDepth)
        {
            _context.NoteDepthCut();
            return 0;
        }

        ulong explore = ulong.MaxValue;
        ulong all = ulong.MaxValue;
        if (_reduce)
        {
            worker.Threads.Load(executor, state, enabled);
            if (worker.Threads.Maskable)
            {
                all = worker.Threads.Mask;
                explore = worker.PersistentSet.Compute(executor, state, worker.Threads);
            }
        }

        int steps = 0;
        bool expandFully = false;
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (Transition transition in enabled)
            {
                bool inSet = transition.Thread is >= 0 and < EnabledThreads.MaskableThreads
                    ? (explore & (1UL << transition.Thread)) != 0
                    : explore == ulong.MaxValue;
                if (inSet == (pass == 1) || _context.Stopped)
                    continue;
                steps++;
                StepResult step = executor.Step(state, transition);
                if (step.Bug is { } bug)
                {
                    List<Transition> path = _links.PathTo(id);
                    path.Add(transition);
                    Found(bug, path);
                    expandFully = true; // a dead end cannot stand for the interleavings it was reduced for
                    continue;
                }
                if (step.BoundExceeded is { } bound)
                {
                    _context.NoteBoundExceeded(bound);
                    expandFully = true;
                    continue;
                }
                InsertOutcome outcome = _context.Store.TryAdd(Fingerprint.Of(step.Successor));
                if (outcome == InsertOutcome.Added)
                    worker.NextLevel.Add((_links.Add(id, transition), step.Successor.ToArray()));
                else if (outcome == InsertOutcome.Present)
                    expandFully = true;
                else
                    _context.StopFor(outcome);
            }
            // New-successor proviso: a reduced expansion that closes on a stored state is completed.
            if (explore == all || !expandFully)
                break;
        }
        return steps;
    }

    private void Found(IBug bug, List<Transition> path)
    {
        if (!_context.Options.StopAtFirstBug)
        {
            _context.ReportBug(bug, path);
            return;
        }
        // Keep the shortest bug of this level and stop stepping; finish the level's end-state checks.
        lock (_links)
        {
            if (_shortest is null || path.Count < _shortestLength)
            {
                _shortest = new Counterexample(bug, path);
                _shortestLength = path.Count;
            }
        }
        _stepsFrozen = true;
    }

    private sealed class Worker(IExecutor executor)
    {
        public IExecutor Executor { get; } = executor;
        public List<Transition> Enabled { get; } = [];
        public EnabledThreads Threads { get; } = new();
        public PersistentSet PersistentSet { get; } = new();
        public List<(long Id, byte[] State)> NextLevel { get; } = [];
    }
}
