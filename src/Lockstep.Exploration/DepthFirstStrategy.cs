namespace Lockstep.Exploration;

/// <summary>
/// Stateful depth-first search over 128-bit fingerprints with an explicit stack (no recursion),
/// and, when enabled, partial-order reduction:
/// <list type="bullet">
/// <item>persistent sets from footprints (<see cref="PersistentSet"/>), never containing a Visible step unless full;</item>
/// <item>sleep sets (<see cref="SleepSet"/>); a state's store payload is the sleep set it was explored with, and a
///   revisit with a smaller sleep set re-explores just the threads that were asleep then but are awake now
///   (Godefroid's fix for combining sleep sets with state caching);</item>
/// <item>the cycle (stack) proviso: if a reduced expansion reaches a state on the stack, the state is expanded fully,
///   so no transition is ignored forever around a cycle.</item>
/// </list>
/// A transition back to a state on the stack closes a cycle; if a strongly fair scheduler could follow it forever
/// (every thread enabled in any of its states steps in it — see <see cref="FairCycle"/>), it is reported as a <see cref="FairCycle"/> with the
/// lasso that reaches it. Cycles the stack does not close that way (a fair cycle whose every back edge closes an unfair
/// one, or one reached through a state already finished) are found by Tarjan's strongly connected components, kept
/// on the fly (<see cref="SccTracker"/>): a component is checked when its root is popped.
/// The hot path does not allocate: frames, lists and footprints are reused per depth, and a successor
/// is copied only into the reused buffer of the frame that will hold it.
/// </summary>
internal sealed class DepthFirstStrategy : ISearchStrategy
{
    private const int PollInterval = 256;

    private readonly List<Frame> _frames = [];
    /// <summary>States on the stack: how many frames hold each, and the index of the topmost (a cycle's start).</summary>
    private readonly Dictionary<Fingerprint, (int Count, int Top)> _onStack = [];
    private readonly SccTracker _scc = new();
    private readonly PersistentSet _persistentSet = new();
    private SearchContext _context = null!;
    private IExecutor _executor = null!;
    private bool _reduce;
    private bool _nonProgress;
    private int _depth; // number of frames in use

    public SearchResult Explore(SearchContext context)
    {
        _context = context;
        _executor = context.System.CreateExecutor();
        _reduce = context.Options.PartialOrderReduction;
        _nonProgress = context.Options.NonProgress;
        FingerprintStore store = context.Store;
        int? maxDepth = context.Options.MaxDepth;

        _scc.Clear();
        byte[] initial = _executor.InitialState();
        Fingerprint initialFingerprint = Fingerprint.Of(initial);
        InsertOutcome initialOutcome = store.TryAdd(initialFingerprint, 0, out _);
        if (initialOutcome is InsertOutcome.Added)
            Push(initial, initialFingerprint, sleep: 0, restrict: ulong.MaxValue, via: default);
        else
            context.StopFor(initialOutcome);

        long steps = 0;
        int iterations = 0;
        while (_depth > 0)
        {
            if (++iterations == PollInterval)
            {
                iterations = 0;
                bool stop = context.Poll(steps);
                steps = 0;
                if (stop)
                    break;
            }
            if (context.Stopped)
                break;

            Frame frame = _frames[_depth - 1];
            // Every call below is about the top frame's state, except in CheckCycle and ReportComponent, which drop
            // the promise first.
            _executor.Focus(frame.Fingerprint);
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

            StepResult step = _executor.Step(frame.State, transition);
            steps++;
            if (step.Bug is { } bug)
            {
                context.ReportBug(bug, PathThrough(transition));
                // A step that raised a bug is a dead end, so the other interleavings the persistent set
                // relied on it to cover (by commuting it to the front) must be explored directly.
                frame.CoversNothing(transition.Thread);
                continue;
            }
            if (step.BoundExceeded is { } bound)
            {
                // Past a size bound: a dead end like a bug, and the verdict is incomplete.
                context.NoteBoundExceeded(bound);
                frame.CoversNothing(transition.Thread);
                continue;
            }

            Fingerprint fingerprint = Fingerprint.Of(step.Successor);
            ulong childSleep = frame.SleepAfter(transition.Thread);
            InsertOutcome outcome = store.TryAdd(fingerprint, childSleep, out ulong storedSleep);
            switch (outcome)
            {
                case InsertOutcome.Added:
                    Push(step.Successor, fingerprint, childSleep, ulong.MaxValue, transition);
                    break;
                case InsertOutcome.Present:
                    if (_nonProgress)
                        frame.LowLink = Math.Min(frame.LowLink, _scc.EdgeTo(frame.SccPosition, fingerprint, transition.Thread));
                    if (_onStack.TryGetValue(fingerprint, out var onStack))
                    {
                        if (_nonProgress)
                            CheckCycle(onStack.Top, transition);
                        // The state on the stack is still being explored (perhaps reduced), so this
                        // transition covers nothing yet: it must not put its thread to sleep in siblings.
                        frame.CoversNothing(transition.Thread);
                    }
                    ulong awakened = storedSleep & ~childSleep;
                    if (awakened != 0)
                    {
                        store.SetPayload(fingerprint, storedSleep & childSleep);
                        Push(step.Successor, fingerprint, childSleep, awakened, transition);
                    }
                    break;
                default:
                    context.StopFor(outcome);
                    break;
            }
        }
        context.Poll(steps);
        return context.BuildResult(sampled: false);
    }

    /// <summary>Computes the frame's enabled set, end-state verdict and (with POR) which threads to explore.</summary>
    private bool Initialize(Frame frame, int? maxDepth)
    {
        frame.Initialized = true;
        frame.Enabled.Clear();
        _executor.GetEnabled(frame.State, frame.Enabled);
        _context.NoteDepth(frame.Depth);
        if (frame.Enabled.Count == 0)
        {
            if (_executor.CheckEndState(frame.State) is { } bug)
                _context.ReportBug(bug, PathThrough(null));
            return false;
        }
        if (frame.Depth >= maxDepth)
        {
            _context.NoteDepthCut();
            return false;
        }
        if (_nonProgress && !frame.Alias)
            _scc.SetEnabled(frame.SccPosition, frame.Enabled);
        frame.Masked = false;
        if (_reduce)
        {
            frame.Threads.Load(_executor, frame.State, frame.Enabled);
            if (frame.Threads.Maskable)
            {
                ulong persistent = _persistentSet.Compute(_executor, frame.State, frame.Threads);
                frame.StartMasked(persistent);
            }
        }
        return true;
    }

    private void Push(ReadOnlySpan<byte> state, Fingerprint fingerprint, ulong sleep, ulong restrict, Transition via)
    {
        if (_depth == _frames.Count)
            _frames.Add(new Frame());
        Frame frame = _frames[_depth];
        frame.Reset(state, fingerprint, _depth, sleep, restrict, via);
        if (_nonProgress)
        {
            // A state pushed again (for threads its sleep set had put to sleep) while its component is open is the same
            // node: its further edges are that node's.
            int open = _scc.PositionOf(fingerprint);
            frame.Alias = open >= 0;
            frame.SccPosition = open >= 0 ? open : _scc.Open(fingerprint);
            frame.LowLink = frame.SccPosition;
        }
        _depth++;
        _onStack[fingerprint] = (_onStack.GetValueOrDefault(fingerprint).Count + 1, _depth - 1);
    }

    private void Pop()
    {
        if (_nonProgress)
            CloseComponent();
        _depth--;
        Fingerprint fingerprint = _frames[_depth].Fingerprint;
        var (count, _) = _onStack[fingerprint];
        if (count == 1)
        {
            _onStack.Remove(fingerprint);
            return;
        }
        // Rare: the state is on the stack twice (pushed again for threads its sleep set had put to sleep).
        int below = _depth - 1;
        while (below >= 0 && _frames[below].Fingerprint != fingerprint)
            below--;
        _onStack[fingerprint] = (count - 1, below);
    }

    private readonly List<int> _looping = [];

    /// <summary>
    /// <paramref name="closing"/> leads from the top frame back to the state of frame <paramref name="start"/>. The
    /// cycle is fair when every thread enabled in any of its states takes a step in it (strong fairness); a fair cycle
    /// the executor calls stuck is reported with the path to it and the cycle itself. Threads are compared as bit
    /// masks: with thread ids of 64 and more the cycle is not checked.
    /// </summary>
    private void CheckCycle(int start, Transition closing)
    {
        if (closing.Thread >= 64)
            return;
        ulong looping = Bit(closing.Thread);
        for (int i = start + 1; i < _depth; i++)
        {
            if (_frames[i].Via.Thread >= 64)
                return;
            looping |= Bit(_frames[i].Via.Thread);
        }
        for (int i = start; i < _depth; i++)
        {
            foreach (Transition t in _frames[i].Enabled)
            {
                if (t.Thread >= 64)
                    return; // not checked
                if ((looping & Bit(t.Thread)) == 0)
                    return; // a thread that could go somewhere in the cycle never steps: an unfair cycle
            }
        }
        _looping.Clear();
        _executor.Focus(null);
        for (int i = start + 1; i < _depth; i++)
            if (!_looping.Contains(_frames[i].Via.Thread)) _looping.Add(_frames[i].Via.Thread);
        if (!_looping.Contains(closing.Thread)) _looping.Add(closing.Thread);
        if (!_executor.IsStuck(_frames[start].State, _looping))
            return;
        _context.ReportBug(new FairCycle([.. _looping]), PathThrough(closing), loopStart: start);
    }

    private static ulong Bit(int thread) => 1UL << thread;

    /// <summary>
    /// Tarjan's step for the top frame as it is popped: a root closes its component, which is checked for a fair
    /// cycle; any other frame passes its low link, and the tree edge that reached it, to its parent.
    /// </summary>
    private void CloseComponent()
    {
        Frame frame = _frames[_depth - 1];
        Frame? parent = _depth > 1 ? _frames[_depth - 2] : null;
        if (frame.Alias || frame.LowLink < frame.SccPosition)
        {
            if (parent is not null)
            {
                parent.LowLink = Math.Min(parent.LowLink, frame.LowLink);
                _scc.Stepped(parent.SccPosition, frame.Via.Thread);
            }
            return;
        }
        if (_scc.FairComponent(frame.SccPosition, out ulong looping) && !_context.Stopped)
            ReportComponent(frame, looping);
        _scc.CloseFrom(frame.SccPosition);
    }

    /// <summary>
    /// A component in which every thread enabled in all of its states takes a step: if the executor calls it stuck,
    /// walk it from its root — taking a step of each looping thread and visiting, for every other thread, a state in
    /// which it cannot run — back to the root, and report the lasso. Allocates: only for a fair component.
    /// </summary>
    private void ReportComponent(Frame root, ulong loopingMask)
    {
        _executor.Focus(null);
        var looping = new List<int>();
        for (int t = 0; t < 64; t++)
            if ((loopingMask & Bit(t)) != 0) looping.Add(t);
        if (!_executor.IsStuck(root.State, looping))
            return;
        List<Transition>? walk = _scc.Walk(_executor, root.State.ToArray(), root.SccPosition, loopingMask);
        if (walk is null)
            return;
        var path = PathThrough(null);
        int loopStart = path.Count;
        path.AddRange(walk);
        var order = new List<int>();
        foreach (Transition t in walk)
            if (!order.Contains(t.Thread)) order.Add(t.Thread);
        _context.ReportBug(new FairCycle(order), path, loopStart);
    }

    /// <summary>The path to the top frame, plus <paramref name="last"/> if given. Allocates: only called for bugs.</summary>
    private List<Transition> PathThrough(Transition? last)
    {
        var path = new List<Transition>(_depth + 1);
        for (int i = 1; i < _depth; i++)
            path.Add(_frames[i].Via);
        if (last is { } transition)
            path.Add(transition);
        return path;
    }

    /// <summary>One DFS stack entry (<see cref="SearchFrame"/>) with its place in Tarjan's component stack.</summary>
    private sealed class Frame : SearchFrame
    {
        /// <summary>Tarjan: this state's place on the component stack, the lowest place it reaches, and whether it is a
        /// second frame of a state whose component is still open.</summary>
        public int SccPosition { get; set; }
        public int LowLink { get; set; }
        public bool Alias { get; set; }

        public void Reset(ReadOnlySpan<byte> state, Fingerprint fingerprint, int depth, ulong sleep, ulong restrict, Transition via) =>
            ResetCore(state, fingerprint, depth, sleep, restrict, via);
    }
}
