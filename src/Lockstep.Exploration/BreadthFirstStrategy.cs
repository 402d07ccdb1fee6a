namespace Lockstep.Exploration;

/// <summary>
/// Level-synchronous breadth-first search over a shared fingerprint store, with one executor per
/// worker. Workers take states of the current level from a shared cursor (cheap work sharing) and
/// collect successors into their own next-level lists; parent links give the path to any state.
///
/// Used for <see cref="SearchStrategy.Bfs"/>. It never reduces, so the first counterexample is a
/// shortest one: a step bug found in level d is only reported after every state of level d has had
/// its end-state check, since a deadlock there would be shorter. (A depth-first request with more
/// workers runs <see cref="ParallelDepthFirstStrategy"/>.)
/// </summary>
internal sealed class BreadthFirstStrategy : ISearchStrategy
{
    private const int PollInterval = 256;

    private readonly ParentLinks _links = new();
    private SearchContext _context = null!;
    private Worker[] _workers = [];
    private List<(long Id, byte[] State)> _level = [];
    private int _cursor;
    private int _depth;
    private volatile bool _stepsFrozen;
    private Counterexample? _shortest;
    private int _shortestLength;

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

        int steps = 0;
        foreach (Transition transition in enabled)
        {
            if (_context.Stopped)
                break;
            steps++;
            StepResult step = executor.Step(state, transition);
            if (step.Bug is { } bug)
            {
                List<Transition> path = _links.PathTo(id);
                path.Add(transition);
                Found(bug, path);
                continue;
            }
            if (step.BoundExceeded is { } bound)
            {
                _context.NoteBoundExceeded(bound);
                continue;
            }
            InsertOutcome outcome = _context.Store.TryAdd(Fingerprint.Of(step.Successor));
            if (outcome == InsertOutcome.Added)
                worker.NextLevel.Add((_links.Add(id, transition), step.Successor.ToArray()));
            else if (outcome != InsertOutcome.Present)
                _context.StopFor(outcome);
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
        public List<(long Id, byte[] State)> NextLevel { get; } = [];
    }
}
