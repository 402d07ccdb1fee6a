using System.Runtime.ExceptionServices;

namespace Lockstep.Exploration;

/// <summary>
/// Stateful depth-first search on several workers (<see cref="SearchOptions.Workers"/> &gt; 1) over one shared,
/// locked-by-segment fingerprint store, with the partial-order reduction of <see cref="DepthFirstStrategy"/> made safe
/// for workers that cannot see each other's stacks.
/// <para>
/// <b>Who explores what.</b> A state is expanded by the worker whose insert added it to the store (its owner), in the
/// owner's own depth-first order; a worker that meets a stored state goes no further, as the sequential search does.
/// Every state stored is therefore expanded by someone, so the workers together cover what one would.
/// </para>
/// <para>
/// <b>Sharing work.</b> Worker 0 starts at the initial state; a worker with an empty stack says it is hungry, and a
/// busy worker, when it next polls, gives it one unexplored thread of the lowest frame of its stack that has one (the
/// largest subtree left): the hungry worker copies that state and the path to it, and explores that one thread from
/// it. The search ends when no worker is busy and nothing is waiting to be taken.
/// </para>
/// <para>
/// <b>The cycle proviso across workers.</b> The sequential search expands a state fully when its reduced expansion
/// reaches a state on the stack. Here the stacks are many, so the store keeps a <i>finished</i> bit per state, set
/// when its owner pops it (and every thread given away from it has been explored too): a reduced expansion that
/// reaches a stored state that is not finished — possibly on another worker's stack — or one on this worker's stack,
/// is expanded fully. That is the sequential rule, widened. Why it suffices: an edge of a reduced expansion of
/// <c>s</c> leads to a new state (pushed above <c>s</c>, so it finishes first) or to a finished one; so along such
/// edges the finishing times decrease strictly, and no cycle consists of reduced expansions only. A state pushed again
/// (a revisit that wakes threads its stored sleep set had asleep) or taken from another worker for one thread is
/// expanded without a persistent set: only its first, owning expansion reduces.
/// </para>
/// <para>
/// <b>Sleep sets.</b> A state's payload is its sleep set (shifted left by one) and the finished bit. A revisit narrows
/// the stored sleep set and explores the threads it wakes, in one atomic store operation
/// (<see cref="FingerprintStore.TryAddOrNarrow"/>). A transition into a state that is not finished covers nothing yet
/// (its thread is not put to sleep in the siblings), as a transition into the stack does sequentially.
/// </para>
/// Fair cycles (non-progress) are not looked for: they need the whole stack and Tarjan's components, which one worker
/// does not have. The report says so.
/// </summary>
internal sealed class ParallelDepthFirstStrategy : ISearchStrategy
{
    private const int PollInterval = 256;
    private const ulong FinishedBit = 1;
    private const ulong SleepableThreads = ulong.MaxValue >> 1;

    private SearchContext _context = null!;
    private bool _reduce;
    private readonly Queue<WorkItem> _offered = new();
    /// <summary>Workers with work in hand (a stack, or an item just taken); the search ends when it is zero and nothing is offered.</summary>
    private int _busy;
    private int _hungry;

    public SearchResult Explore(SearchContext context)
    {
        _context = context;
        _reduce = context.Options.PartialOrderReduction;
        var workers = new Worker[context.Options.Workers];
        for (int i = 0; i < workers.Length; i++)
            workers[i] = new Worker(this, context.System.CreateExecutor());

        byte[] initial = workers[0].Executor.InitialState();
        Fingerprint fingerprint = Fingerprint.Of(initial);
        InsertOutcome outcome = context.Store.TryAddOrNarrow(fingerprint, 0, ulong.MaxValue, out _);
        if (outcome != InsertOutcome.Added)
        {
            context.StopFor(outcome);
            return context.BuildResult(sampled: false);
        }
        // Every worker counts as busy until it first finds its stack empty; worker 0 starts with the initial state.
        _busy = workers.Length;
        workers[0].Start(new WorkItem(initial, fingerprint, [], Owner: true, Sleep: 0, Restrict: ulong.MaxValue, Pending: ulong.MaxValue, Reduced: false, Only: null, Ticket: null));

        var threads = new Thread[workers.Length];
        ExceptionDispatchInfo? failure = null;
        for (int i = 0; i < workers.Length; i++)
        {
            Worker worker = workers[i];
            threads[i] = new Thread(() =>
            {
                try
                {
                    worker.Run();
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                    context.Stop(IncompleteReason.Cancelled);
                }
            }, maxStackSize: 16 << 20)
            { IsBackground = true, Name = $"lockstep worker {i}" };
            threads[i].Start();
        }
        foreach (Thread thread in threads)
            thread.Join();
        failure?.Throw();
        return context.BuildResult(sampled: false);
    }

    /// <summary>Takes offered work for an idle worker; false when the search is over.</summary>
    private bool TryTake(out WorkItem item)
    {
        Interlocked.Increment(ref _hungry);
        try
        {
            var spin = new SpinWait();
            while (!_context.Stopped)
            {
                lock (_offered)
                {
                    if (_offered.TryDequeue(out item!))
                    {
                        Interlocked.Increment(ref _busy);
                        return true;
                    }
                    if (Volatile.Read(ref _busy) == 0)
                        return false;
                }
                spin.SpinOnce(sleep1Threshold: 40);
            }
            item = null!;
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _hungry);
        }
    }

    private void Offer(WorkItem item)
    {
        lock (_offered)
            _offered.Enqueue(item);
    }

    /// <summary>Whether a hungry worker is waiting for more than is already offered.</summary>
    private bool SomeoneHungry()
    {
        int hungry = Volatile.Read(ref _hungry);
        if (hungry == 0)
            return false;
        lock (_offered)
            return _offered.Count < hungry;
    }

    private void Finished(Fingerprint fingerprint) => _context.Store.AddPayloadBits(fingerprint, FinishedBit);

    /// <summary>
    /// A state some of whose threads were given away: it is finished when its owner has popped it and every worker
    /// that took one of its threads has explored it (counted down from 1 + the threads given).
    /// </summary>
    private sealed class Ticket(Fingerprint fingerprint)
    {
        public int Outstanding = 1;
        public Fingerprint Fingerprint { get; } = fingerprint;
    }

    /// <summary>A state a worker starts from: the initial state, or one thread of a frame another worker gave away.</summary>
    private sealed record WorkItem(
        byte[] State, Fingerprint Fingerprint, List<Transition> Path, bool Owner, ulong Sleep, ulong Restrict,
        ulong Pending, bool Reduced, Transition? Only, Ticket? Ticket);

    private sealed class Worker(ParallelDepthFirstStrategy search, IExecutor executor)
    {
        private readonly List<Frame> _frames = [];
        private readonly Dictionary<Fingerprint, int> _onStack = [];
        private readonly PersistentSet _persistentSet = new();
        private SearchContext Context => search._context;
        private List<Transition> _prefix = [];
        private WorkItem? _start;
        private int _depth;

        public IExecutor Executor { get; } = executor;

        public void Start(WorkItem item) => _start = item;

        public void Run()
        {
            long steps = 0;
            int iterations = 0, sinceShared = 0;
            int shareInterval = Context.Options.WorkSharingInterval;
            FingerprintStore store = Context.Store;
            int? maxDepth = Context.Options.MaxDepth;
            while (true)
            {
                if (_depth == 0)
                {
                    Context.Poll(steps);
                    steps = 0;
                    if (_start is null)
                    {
                        Interlocked.Decrement(ref search._busy);
                        if (!search.TryTake(out WorkItem taken))
                            return;
                        _start = taken;
                    }
                    Begin(_start);
                    _start = null;
                }
                if (++iterations == PollInterval)
                {
                    iterations = 0;
                    bool stop = Context.Poll(steps);
                    steps = 0;
                    if (stop)
                        break;
                }
                if (++sinceShared >= shareInterval)
                {
                    sinceShared = 0;
                    if (search.SomeoneHungry())
                        Give();
                }
                if (Context.Stopped)
                    break;

                Frame frame = _frames[_depth - 1];
                Executor.Focus(frame.Fingerprint);
                if (!frame.Initialized && !Initialize(frame, maxDepth))
                {
                    Pop();
                    continue;
                }
                if (!frame.TryNext(out Transition transition))
                {
                    Pop();
                    continue;
                }

                StepResult step = Executor.Step(frame.State, transition);
                steps++;
                if (step.Bug is { } bug)
                {
                    Context.ReportBug(bug, PathThrough(transition));
                    frame.CoversNothing(transition.Thread);
                    continue;
                }
                if (step.BoundExceeded is { } bound)
                {
                    Context.NoteBoundExceeded(bound);
                    frame.CoversNothing(transition.Thread);
                    continue;
                }

                Fingerprint fingerprint = Fingerprint.Of(step.Successor);
                // The payload holds the sleep set shifted left by one: thread 63 never sleeps here (it is explored instead).
                ulong childSleep = frame.SleepAfter(transition.Thread) & SleepableThreads;
                InsertOutcome outcome = store.TryAddOrNarrow(fingerprint, childSleep << 1, (childSleep << 1) | FinishedBit, out ulong stored);
                switch (outcome)
                {
                    case InsertOutcome.Added:
                        Push(step.Successor, fingerprint, owner: true, childSleep, ulong.MaxValue, transition);
                        break;
                    case InsertOutcome.Present:
                        if ((stored & FinishedBit) == 0 || _onStack.ContainsKey(fingerprint))
                        {
                            // Perhaps on some worker's stack: covers nothing yet, and a reduced expansion must be completed.
                            frame.CoversNothing(transition.Thread);
                        }
                        ulong awakened = (stored >> 1) & ~childSleep;
                        if (awakened != 0)
                            Push(step.Successor, fingerprint, owner: false, childSleep, awakened, transition);
                        break;
                    default:
                        Context.StopFor(outcome);
                        break;
                }
            }
            Context.Poll(steps);
            // Stopped: leave the stack as it is (the ticket counts no longer matter).
        }

        private void Begin(WorkItem item)
        {
            _prefix = item.Path;
            Push(item.State, item.Fingerprint, item.Owner, item.Sleep, item.Restrict, default);
            // The initial state is an ordinary owning expansion; a state taken from another worker is not.
            _frames[0].Given = item.Owner ? null : item;
        }

        /// <summary>Computes the frame's enabled set, end-state verdict and (with POR) which threads to explore.</summary>
        private bool Initialize(Frame frame, int? maxDepth)
        {
            frame.Initialized = true;
            frame.Enabled.Clear();
            Executor.GetEnabled(frame.State, frame.Enabled);
            Context.NoteDepth(frame.Depth);
            if (frame.Enabled.Count == 0)
            {
                if (Executor.CheckEndState(frame.State) is { } bug)
                    Context.ReportBug(bug, PathThrough(null));
                return false;
            }
            if (frame.Depth >= maxDepth)
            {
                Context.NoteDepthCut();
                return false;
            }
            frame.Masked = false;
            if (search._reduce)
            {
                frame.Threads.Load(Executor, frame.State, frame.Enabled);
                if (frame.Threads.Maskable)
                {
                    // Only a state's owning expansion reduces (see the class comment).
                    ulong persistent = frame.Owner && frame.Given is null
                        ? _persistentSet.Compute(Executor, frame.State, frame.Threads)
                        : frame.Threads.Mask;
                    frame.StartMasked(persistent);
                    if (frame.Given is { } given)
                        frame.TakeOver(given.Pending, given.Reduced);
                }
            }
            if (!frame.Masked && frame.Given?.Only is { } only)
                frame.OnlyTransition(only);
            return true;
        }

        private void Push(ReadOnlySpan<byte> state, Fingerprint fingerprint, bool owner, ulong sleep, ulong restrict, Transition via)
        {
            if (_depth == _frames.Count)
                _frames.Add(new Frame());
            Frame frame = _frames[_depth];
            frame.Reset(state, fingerprint, _prefix.Count + _depth, owner, sleep, restrict, via);
            _depth++;
            _onStack[fingerprint] = _onStack.GetValueOrDefault(fingerprint) + 1;
        }

        private void Pop()
        {
            _depth--;
            Frame frame = _frames[_depth];
            int count = _onStack[frame.Fingerprint];
            if (count == 1)
                _onStack.Remove(frame.Fingerprint);
            else
                _onStack[frame.Fingerprint] = count - 1;
            Ticket? ticket = frame.Ticket ?? frame.Given?.Ticket;
            if (ticket is not null)
            {
                if (Interlocked.Decrement(ref ticket.Outstanding) == 0)
                    search.Finished(ticket.Fingerprint);
            }
            else if (frame.Owner)
                search.Finished(frame.Fingerprint);
        }

        /// <summary>Gives one unexplored thread (or transition) of the lowest frame that has one to a hungry worker.</summary>
        private void Give()
        {
            for (int i = 0; i < _depth - 1; i++)
            {
                Frame frame = _frames[i];
                if (!frame.Initialized || !frame.TryGiveAway(out ulong thread, out Transition? only))
                    continue;
                Ticket? ticket = null;
                if (frame.Masked && frame.Reduced)
                {
                    // The frame's owner must not call it finished before this thread is explored (the proviso's order).
                    ticket = frame.Ticket ?? frame.Given?.Ticket;
                    if (ticket is null && frame.Owner)
                        ticket = frame.Ticket = new Ticket(frame.Fingerprint);
                    if (ticket is not null)
                        Interlocked.Increment(ref ticket.Outstanding);
                }
                var path = new List<Transition>(_prefix.Count + i);
                path.AddRange(_prefix);
                for (int j = 1; j <= i; j++)
                    path.Add(_frames[j].Via);
                search.Offer(new WorkItem(
                    frame.State.ToArray(), frame.Fingerprint, path, Owner: false,
                    Sleep: frame.Masked ? frame.Covered : 0,
                    Restrict: frame.Masked && frame.Reduced ? ulong.MaxValue : thread,
                    Pending: thread, Reduced: frame.Masked && frame.Reduced, Only: only, Ticket: ticket));
                return;
            }
        }

        /// <summary>The path to the top frame, plus <paramref name="last"/> if given. Allocates: only called for bugs.</summary>
        private List<Transition> PathThrough(Transition? last)
        {
            var path = new List<Transition>(_prefix.Count + _depth + 1);
            path.AddRange(_prefix);
            for (int i = 1; i < _depth; i++)
                path.Add(_frames[i].Via);
            if (last is { } transition)
                path.Add(transition);
            return path;
        }
    }

    /// <summary>One stack entry of a worker (<see cref="SearchFrame"/>): whether its push stored the state, and what
    /// work item or ticket it carries.</summary>
    private sealed class Frame : SearchFrame
    {
        /// <summary>This push added the state to the store: it alone reduces, and its pop finishes the state.</summary>
        public bool Owner { get; private set; }
        /// <summary>The work item this frame was started from (a worker's root), or null.</summary>
        public WorkItem? Given { get; set; }
        /// <summary>Set when a thread of this owning frame was given away while it was reduced.</summary>
        public Ticket? Ticket { get; set; }

        public void Reset(ReadOnlySpan<byte> state, Fingerprint fingerprint, int depth, bool owner, ulong sleep, ulong restrict, Transition via)
        {
            ResetCore(state, fingerprint, depth, sleep, restrict, via);
            Owner = owner;
            Given = null;
            Ticket = null;
        }
    }
}
