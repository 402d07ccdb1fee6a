namespace Lockstep.Exploration;

/// <summary>
/// Tarjan's strongly connected components, kept beside the depth-first search so that every fair cycle is found, not
/// only those the stack closes (a cycle through a state whose exploration has finished, or a fair cycle made of
/// several cycles the stack closes one at a time, each unfair on its own). A component is fair when every thread
/// enabled in any of its states takes a step inside it: then a closed walk through all of it is a cycle a strongly fair
/// scheduler (<see cref="FairCycle"/>) may follow forever. A component that is not fair as a whole may still hold a
/// fair cycle that avoids the states where a starved thread could go; such a cycle is found only if the stack closes
/// it (Emerson–Lei's refinement of the component is not done).
/// <para>
/// An edge to a state still on the component stack stays inside one component: that state reaches its component's
/// root, an ancestor on the search stack of the edge's source. So a step is recorded as the component's when it goes
/// to an open state, or when it is a tree edge to a state that turns out not to be a root.
/// </para>
/// </summary>
internal sealed class SccTracker
{
    private readonly List<Entry> _stack = [];
    private readonly Dictionary<Fingerprint, int> _position = [];

    private struct Entry
    {
        public Fingerprint Fingerprint;
        /// <summary>Threads enabled in the state.</summary>
        public ulong Enabled;
        /// <summary>Threads whose steps from the state stay in its component.</summary>
        public ulong Stepped;
        /// <summary>A thread id of 64 or more: the masks cannot say, so the component is not checked.</summary>
        public bool Unchecked;
    }

    public void Clear()
    {
        _stack.Clear();
        _position.Clear();
    }

    /// <summary>Where <paramref name="fingerprint"/> is on the component stack, or -1 if its component is closed or it
    /// was never seen.</summary>
    public int PositionOf(Fingerprint fingerprint) => _position.TryGetValue(fingerprint, out int p) ? p : -1;

    /// <summary>Puts a newly pushed state on the component stack; returns its position (its Tarjan index).</summary>
    public int Open(Fingerprint fingerprint)
    {
        _stack.Add(new Entry { Fingerprint = fingerprint });
        _position[fingerprint] = _stack.Count - 1;
        return _stack.Count - 1;
    }

    public void SetEnabled(int position, List<Transition> enabled)
    {
        Entry e = _stack[position];
        foreach (Transition t in enabled)
        {
            if (t.Thread is < 0 or >= 64) e.Unchecked = true;
            else e.Enabled |= 1UL << t.Thread;
        }
        _stack[position] = e;
    }

    /// <summary>A step of <paramref name="thread"/> from the state at <paramref name="from"/> to a stored state: if that
    /// state is open, the step is inside the component; returns its position (for the low link), else int.MaxValue.</summary>
    public int EdgeTo(int from, Fingerprint to, int thread)
    {
        if (!_position.TryGetValue(to, out int p))
            return int.MaxValue;
        Stepped(from, thread);
        return p;
    }

    public void Stepped(int position, int thread)
    {
        Entry e = _stack[position];
        if (thread is < 0 or >= 64) e.Unchecked = true;
        else e.Stepped |= 1UL << thread;
        _stack[position] = e;
    }

    /// <summary>Whether the component rooted at <paramref name="root"/> (every entry from it to the top) has a fair
    /// cycle; <paramref name="looping"/> is the threads that step in it.</summary>
    public bool FairComponent(int root, out ulong looping)
    {
        looping = 0;
        ulong anywhere = 0;
        for (int i = root; i < _stack.Count; i++)
        {
            Entry e = _stack[i];
            if (e.Unchecked)
                return false;
            looping |= e.Stepped;
            anywhere |= e.Enabled;
        }
        return looping != 0 && (anywhere & ~looping) == 0;
    }

    /// <summary>Pops the component rooted at <paramref name="root"/>.</summary>
    public void CloseFrom(int root)
    {
        for (int i = root; i < _stack.Count; i++)
            _position.Remove(_stack[i].Fingerprint);
        _stack.RemoveRange(root, _stack.Count - root);
    }

    /// <summary>
    /// A closed walk through the component rooted at <paramref name="rootPosition"/>, from and back to
    /// <paramref name="root"/>, that a strongly fair scheduler may repeat: it takes a step of every thread in
    /// <paramref name="looping"/> and visits, for every other thread enabled somewhere in the component, a state where
    /// it is not. Found breadth-first by re-running steps inside the component; null if the executor disagrees.
    /// </summary>
    public List<Transition>? Walk(IExecutor executor, byte[] root, int rootPosition, ulong looping)
    {
        var members = new Dictionary<Fingerprint, ulong>();
        ulong anywhere = 0;
        for (int i = rootPosition; i < _stack.Count; i++)
        {
            members[_stack[i].Fingerprint] = _stack[i].Enabled;
            anywhere |= _stack[i].Enabled;
        }
        Fingerprint rootFingerprint = _stack[rootPosition].Fingerprint;
        var walk = new List<Transition>();
        byte[] current = root;
        for (int t = 0; t < 64; t++)
        {
            ulong bit = 1UL << t;
            if ((anywhere & bit) == 0)
                continue;
            bool step = (looping & bit) != 0;
            int thread = t;
            var leg = Leg(executor, current, members,
                (fingerprint, via) => step ? via?.Thread == thread : (members[fingerprint] & bit) == 0);
            if (leg is null)
                return null;
            walk.AddRange(leg.Value.Path);
            current = leg.Value.End;
        }
        var back = Leg(executor, current, members, (fingerprint, via) => fingerprint == rootFingerprint && (via is not null || walk.Count > 0));
        if (back is null)
            return null;
        walk.AddRange(back.Value.Path);
        return walk.Count > 0 ? walk : null;
    }

    /// <summary>The shortest path inside the component from <paramref name="start"/> to a state that
    /// <paramref name="goal"/> accepts (given the state and the step that reached it on this leg, null for the start).</summary>
    private static (List<Transition> Path, byte[] End)? Leg(IExecutor executor, byte[] start,
        Dictionary<Fingerprint, ulong> members, Func<Fingerprint, Transition?, bool> goal)
    {
        Fingerprint startFingerprint = Fingerprint.Of(start);
        if (goal(startFingerprint, null))
            return ([], start);
        var parents = new Dictionary<Fingerprint, (Fingerprint Parent, Transition Via)>();
        var queue = new Queue<(byte[] State, Fingerprint Fingerprint)>();
        queue.Enqueue((start, startFingerprint));
        var seen = new HashSet<Fingerprint> { startFingerprint };
        var enabled = new List<Transition>();
        while (queue.Count > 0)
        {
            var (state, fingerprint) = queue.Dequeue();
            enabled.Clear();
            executor.GetEnabled(state, enabled);
            foreach (Transition transition in enabled)
            {
                StepResult result = executor.Step(state, transition);
                if (result.Bug is not null || result.BoundExceeded is not null)
                    continue;
                Fingerprint next = Fingerprint.Of(result.Successor);
                if (!members.ContainsKey(next))
                    continue;
                byte[] successor = result.Successor.ToArray();
                if (goal(next, transition))
                {
                    var path = new List<Transition> { transition };
                    for (Fingerprint f = fingerprint; f != startFingerprint; f = parents[f].Parent)
                        path.Add(parents[f].Via);
                    path.Reverse();
                    return (path, successor);
                }
                if (seen.Add(next))
                {
                    parents[next] = (fingerprint, transition);
                    queue.Enqueue((successor, next));
                }
            }
        }
        return null;
    }
}
