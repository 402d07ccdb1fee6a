namespace Lockstep.Exploration;

/// <summary>
/// One entry of a depth-first stack, reused for every state pushed at its depth: the state's bytes, its enabled
/// transitions and, with partial-order reduction, which threads are still to explore (the persistent set less the sleep
/// set), which are done and which are not covered. The sequential and the parallel depth-first searches derive their
/// frames from it; the parallel one may give an unexplored thread (or transition) away to another worker.
/// </summary>
internal abstract class SearchFrame
{
    private byte[] _buffer = new byte[64];
    private int _length;
    private int _cursor;
    /// <summary>Unmasked: the enabled transitions from this index on were given away.</summary>
    private int _end;
    private int _currentThread;

    public ReadOnlySpan<byte> State => _buffer.AsSpan(0, _length);
    public Fingerprint Fingerprint { get; private set; }
    public int Depth { get; private set; }
    public Transition Via { get; private set; }
    public bool Initialized { get; set; }
    public List<Transition> Enabled { get; } = [];
    public EnabledThreads Threads { get; } = new();

    /// <summary>Whether exploration is driven by thread masks (POR on and all thread ids &lt; 64).</summary>
    public bool Masked { get; set; }
    public bool Reduced { get; private set; }
    public ulong Sleep { get; private set; }
    /// <summary>Threads fully explored from this frame so far.</summary>
    public ulong Done { get; private set; }
    /// <summary>
    /// Threads with a choice that raised a bug here or reached a state that is not finished. They never go to sleep
    /// in the siblings: a sleeping thread stands for interleavings explored through it, and a dead end explored none,
    /// and an unfinished state (on the stack) has not been explored yet (and may be reduced).
    /// </summary>
    public ulong Uncovered { get; private set; }
    protected ulong Restrict { get; private set; }
    private ulong Pending { get; set; }
    /// <summary>Threads given to other workers: never explored here, even when the frame is expanded fully.</summary>
    private ulong GivenAway { get; set; }

    protected void ResetCore(ReadOnlySpan<byte> state, Fingerprint fingerprint, int depth, ulong sleep, ulong restrict, Transition via)
    {
        if (_buffer.Length < state.Length)
            _buffer = new byte[Math.Max(state.Length, _buffer.Length * 2)];
        state.CopyTo(_buffer);
        _length = state.Length;
        Fingerprint = fingerprint;
        Depth = depth;
        Via = via;
        Sleep = sleep;
        Restrict = restrict;
        Initialized = false;
        Masked = false;
        Reduced = false;
        Done = 0;
        Uncovered = 0;
        Pending = 0;
        GivenAway = 0;
        _cursor = -1;
        _end = int.MaxValue;
        _currentThread = -1;
    }

    public void StartMasked(ulong persistent)
    {
        Masked = true;
        Reduced = persistent != Threads.Mask;
        Pending = persistent & Restrict & ~Sleep;
    }

    /// <summary>A root taken from another worker: exactly the threads given, with the giver's reduction status.</summary>
    public void TakeOver(ulong pending, bool reduced)
    {
        Pending = pending & Threads.Mask & ~Sleep;
        Reduced = reduced;
    }

    /// <summary>A root taken from an unmasked frame: exactly the one transition given.</summary>
    public void OnlyTransition(Transition only)
    {
        int index = Enabled.IndexOf(only);
        _cursor = index < 0 ? Enabled.Count : index - 1;
        _end = index + 1;
    }

    /// <summary>Cycle proviso: explore every enabled thread not asleep, not just the persistent set.</summary>
    public void ExpandFully()
    {
        Reduced = false;
        ulong current = _currentThread >= 0 ? 1UL << _currentThread : 0;
        Pending |= Threads.Mask & Restrict & ~Sleep & ~Done & ~current & ~GivenAway;
    }

    /// <summary>
    /// <paramref name="thread"/>'s step covers nothing here yet — it was a dead end (a bug, a bound), or it reached a
    /// state whose exploration is not finished: a reduced expansion, which relied on it, is completed, and the thread
    /// does not go to sleep in the siblings.
    /// </summary>
    public void CoversNothing(int thread)
    {
        if (Reduced)
            ExpandFully();
        if (Masked)
            Uncovered |= 1UL << thread;
    }

    /// <summary>The threads whose interleavings from here are covered: asleep on arrival, or explored and not uncovered.</summary>
    public ulong Covered => Sleep | (Done & ~Uncovered);

    /// <summary>The sleep set of the state <paramref name="thread"/>'s step leads to (none when unmasked).</summary>
    public ulong SleepAfter(int thread) => Masked ? SleepSet.After(Threads, Covered, thread) : 0;

    /// <summary>Removes one unexplored thread (masked) or transition (unmasked) from this frame, for another worker.</summary>
    public bool TryGiveAway(out ulong thread, out Transition? only)
    {
        only = null;
        thread = 0;
        if (Masked)
        {
            if (Pending == 0)
                return false;
            // The last pending thread in the frame's order: this frame takes the others first.
            for (int i = Threads.Count - 1; i >= 0; i--)
            {
                ulong bit = 1UL << Threads.IdAt(i);
                if ((Pending & bit) != 0)
                {
                    Pending &= ~bit;
                    GivenAway |= bit;
                    thread = bit;
                    return true;
                }
            }
            return false;
        }
        int last = Math.Min(_end, Enabled.Count) - 1;
        if (last <= _cursor)
            return false;
        only = Enabled[last];
        _end = last;
        return true;
    }

    public bool TryNext(out Transition transition)
    {
        if (!Masked)
        {
            // No reduction: every enabled transition once, in the executor's order.
            if (++_cursor < Math.Min(_end, Enabled.Count))
            {
                transition = Enabled[_cursor];
                return true;
            }
            transition = default;
            return false;
        }
        while (true)
        {
            if (_currentThread >= 0)
            {
                for (int i = _cursor + 1; i < Enabled.Count; i++)
                {
                    if (Enabled[i].Thread == _currentThread)
                    {
                        _cursor = i;
                        transition = Enabled[i];
                        return true;
                    }
                }
                Done |= 1UL << _currentThread;
                _currentThread = -1;
            }
            if (Pending == 0)
            {
                transition = default;
                return false;
            }
            // Next pending thread in first-appearance order, so the search order is deterministic.
            for (int i = 0; i < Threads.Count; i++)
            {
                ulong bit = 1UL << Threads.IdAt(i);
                if ((Pending & bit) != 0)
                {
                    Pending &= ~bit;
                    _currentThread = Threads.IdAt(i);
                    _cursor = -1;
                    break;
                }
            }
        }
    }
}
