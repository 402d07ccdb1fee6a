using System.Collections.Concurrent;

namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// The dependency graph one whole search accumulates: every <c>prev -&gt; next</c> lock order seen on any
/// explored path, with lockdep's read/write kinds, and every class's irq usage. Shared by all workers:
/// mutation and searches run under one lock (lockdep's <c>graph_lock</c>); the two hot-path questions
/// ("is this usage bit already set?", "was this chain of held classes already validated?") are answered
/// without it, so a search step that brings nothing new neither locks nor allocates.
/// </summary>
public sealed class LockdepGraph
{
    internal readonly Lock Gate = new();
    private readonly ConcurrentDictionary<long, byte> _validatedChains = new();
    private LockClassNode?[] _nodes = new LockClassNode?[16];
    private int _edgeCount;
    private long _version;

    // Search scratch space, used only under Gate. A search state is (class, onlyRecursive): 2 * id + flag.
    private int[] _visited = new int[32];
    private int _generation;
    private int[] _queue = new int[32];
    private int[] _parentState = new int[32];
    private DependencyEdge?[] _parentEdge = new DependencyEdge?[32];

    public LockdepGraph(LockClassRegistry registry) => Registry = registry;

    public LockClassRegistry Registry { get; }

    /// <summary>Grows whenever the graph learns something (a dependency, a wider kind, a usage bit): a step that changed
    /// it is one whose outcome may depend on what other paths recorded.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Number of distinct <c>prev -&gt; next</c> class pairs recorded.</summary>
    public int EdgeCount => Volatile.Read(ref _edgeCount);

    /// <summary>Number of held-lock chains validated so far (lockdep's chain cache).</summary>
    public int ValidatedChainCount => _validatedChains.Count;

    /// <summary>The usage bits class <paramref name="classId"/> has acquired so far.</summary>
    public LockUsageBits UsageOf(int classId) =>
        TryNode(classId) is { } node ? (LockUsageBits)Volatile.Read(ref node.Usage) : LockUsageBits.None;

    /// <summary>The stack that first set usage bit <paramref name="bit"/> (0..8) of the class, if set.</summary>
    public LockTrace? UsageTrace(int classId, int bit)
    {
        lock (Gate)
            return TryNode(classId)?.UsageTraces[bit];
    }

    /// <summary>Whether <paramref name="from"/> -&gt; <paramref name="to"/> was recorded.</summary>
    public bool HasEdge(int from, int to)
    {
        lock (Gate)
            return FindEdge(from, to) is not null;
    }

    /// <summary>A snapshot of the edges leaving <paramref name="classId"/>.</summary>
    public IReadOnlyList<LockDependency> EdgesFrom(int classId)
    {
        lock (Gate)
            return TryNode(classId) is { } node ? node.After.Select(e => e.Snapshot()).ToArray() : [];
    }

    /// <summary>A snapshot of every edge, ordered by (from, to).</summary>
    public IReadOnlyList<LockDependency> Edges()
    {
        lock (Gate)
        {
            var all = new List<LockDependency>(_edgeCount);
            foreach (var node in _nodes)
                if (node is not null)
                    all.AddRange(node.After.Select(e => e.Snapshot()));
            all.Sort((a, b) => a.From != b.From ? a.From.CompareTo(b.From) : a.To.CompareTo(b.To));
            return all;
        }
    }

    /// <summary>Everything learnt so far, by class key (see <see cref="LockdepSnapshot"/>).</summary>
    public LockdepSnapshot Export()
    {
        lock (Gate)
        {
            var classes = new List<LockdepSnapshot.ClassEntry>(Registry.Count);
            for (var id = 0; id < Registry.Count; id++)
            {
                var c = Registry[id];
                classes.Add(new LockdepSnapshot.ClassEntry(c.Key, c.Subclass, c.Name, c.Kind, c.WaitInner, c.WaitOuter));
            }
            var edges = new List<LockdepSnapshot.EdgeEntry>(_edgeCount);
            var usages = new List<LockdepSnapshot.UsageEntry>();
            foreach (var node in _nodes)
            {
                if (node is null) continue;
                foreach (var e in node.After) edges.Add(new LockdepSnapshot.EdgeEntry(e.From, e.To, e.Kinds, e.Trace.Frames));
                if (node.Usage != 0) usages.Add(new LockdepSnapshot.UsageEntry(node.Id, node.Usage, node.UsageTraces.Select(t => t?.Frames).ToArray()));
            }
            return new LockdepSnapshot(classes, edges, usages);
        }
    }

    /// <summary>
    /// Adds what <paramref name="snapshot"/> knows and this graph does not: classes are matched by key and subclass
    /// (interned if new), dependencies added or widened, usage bits set. What this graph already knew is kept, its
    /// stacks included. The chain cache is left alone: a chain validated here stays validated, which is sound because
    /// the graph only grows.
    /// </summary>
    public void Import(LockdepSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var ids = new int[snapshot.Classes.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var c = snapshot.Classes[i];
            var baseClass = Registry.Intern(c.Key, c.Name, c.Kind, c.WaitInner, c.WaitOuter);
            ids[i] = c.Subclass == 0 ? baseClass.Id : Registry.Subclass(baseClass.Id, c.Subclass).Id;
        }
        lock (Gate)
        {
            foreach (var e in snapshot.Edges)
                AddOrWidenEdge(ids[e.From], ids[e.To], e.Kinds, new LockTrace(e.Frames));
            foreach (var u in snapshot.Usages)
                for (var bit = 0; bit < 32; bit++)
                    if ((u.Bits & (1 << bit)) != 0)
                        SetUsage(ids[u.Class], bit, bit < u.Traces.Count && u.Traces[bit] is { } frames ? new LockTrace(frames) : LockTrace.Empty);
        }
    }

    internal bool IsChainValidated(long chainKey) => _validatedChains.ContainsKey(chainKey);

    internal void MarkChainValidated(long chainKey) => _validatedChains.TryAdd(chainKey, 0);

    internal LockClassNode? TryNode(int classId)
    {
        var nodes = Volatile.Read(ref _nodes);
        return (uint)classId < (uint)nodes.Length ? Volatile.Read(ref nodes[classId]) : null;
    }

    /// <summary>The node of <paramref name="classId"/>, created if new. Caller holds <see cref="Gate"/>.</summary>
    internal LockClassNode Node(int classId)
    {
        if (TryNode(classId) is { } node)
            return node;
        if (classId >= _nodes.Length)
        {
            var grown = new LockClassNode?[Math.Max(_nodes.Length * 2, classId + 1)];
            Array.Copy(_nodes, grown, _nodes.Length);
            Volatile.Write(ref _nodes, grown);
        }
        node = new LockClassNode(classId);
        Volatile.Write(ref _nodes[classId], node);
        return node;
    }

    /// <summary>Caller holds <see cref="Gate"/>.</summary>
    internal DependencyEdge? FindEdge(int from, int to)
    {
        if (TryNode(from) is not { } node)
            return null;
        foreach (var edge in node.After)
            if (edge.To == to)
                return edge;
        return null;
    }

    /// <summary>Records <paramref name="from"/> -&gt; <paramref name="to"/> or widens its kinds. Caller holds <see cref="Gate"/>.</summary>
    internal void AddOrWidenEdge(int from, int to, DependencyKinds kinds, LockTrace trace)
    {
        if (FindEdge(from, to) is { } existing)
        {
            if ((existing.Kinds | kinds) != existing.Kinds) Volatile.Write(ref _version, _version + 1);
            existing.Kinds |= kinds;
            return;
        }
        var edge = new DependencyEdge(from, to, kinds, trace);
        Node(from).After.Add(edge);
        Node(to).Before.Add(edge);
        Volatile.Write(ref _edgeCount, _edgeCount + 1);
        Volatile.Write(ref _version, _version + 1);
    }

    /// <summary>Sets a usage bit and remembers its stack. Caller holds <see cref="Gate"/>.</summary>
    internal void SetUsage(int classId, int bit, LockTrace trace)
    {
        var node = Node(classId);
        if (bit <= LockUsage.Used)
            node.UsageTraces[bit] ??= trace;
        if ((node.Usage & (1 << bit)) == 0) Volatile.Write(ref _version, _version + 1);
        Volatile.Write(ref node.Usage, node.Usage | (1 << bit));
    }

    /// <summary>
    /// Breadth-first search for a strong dependency path (lockdep's <c>__bfs</c>) from
    /// <paramref name="root"/>, forwards along <c>locks_after</c> or backwards along <c>locks_before</c>.
    /// A strong path never has two adjacent dependencies -(*R)-&gt; -(S*)-&gt;: the middle lock taken as a
    /// recursive reader and then held as a shared one. Unlike the kernel, which marks a class visited on its
    /// first arrival whatever the strength, a class is revisited when a stronger path reaches it, so no strong
    /// path is missed. Returns the matching search state (see <see cref="PathTo"/>) or -1.
    /// Caller holds <see cref="Gate"/>.
    /// </summary>
    internal int Search<TVisitor>(int root, bool rootOnlyRecursive, bool forward, ref TVisitor visitor)
        where TVisitor : struct, IDependencyVisitor
    {
        EnsureScratch(Registry.Count);
        var generation = ++_generation;
        var head = 0;
        var tail = 0;
        var rootState = State(root, rootOnlyRecursive);
        _visited[rootState] = generation;
        _parentState[rootState] = -1;
        _parentEdge[rootState] = null;
        _queue[tail++] = rootState;

        while (head < tail)
        {
            var state = _queue[head++];
            var classId = state >> 1;
            var onlyRecursive = (state & 1) != 0;
            // A stronger arrival at the same class makes this weaker one redundant: whatever the weak
            // state matches or reaches, the strong one does too.
            if (onlyRecursive && _visited[state & ~1] == generation)
                continue;
            if (TryNode(classId) is not { } node)
                continue;
            // usage_skip(): a per-CPU class is neither matched nor gone through (the kernel's __bfs drops it
            // and every path it is on).
            if (visitor.SkipsPerCpu && Registry[classId].Kind == LockClassKind.PerCpu)
                continue;
            if (visitor.Matches(node, onlyRecursive))
                return state;

            var edges = forward ? node.After : node.Before;
            foreach (var edge in edges)
            {
                var kinds = edge.Kinds;
                bool nextOnlyRecursive;
                if (forward)
                {
                    if (onlyRecursive)
                        kinds &= DependencyKind.FromExclusive;
                    if (kinds == 0)
                        continue;
                    nextOnlyRecursive = (kinds & DependencyKind.ToNonRecursive) == 0;
                }
                else
                {
                    if (onlyRecursive)
                        kinds &= DependencyKind.ToNonRecursive;
                    if (kinds == 0)
                        continue;
                    nextOnlyRecursive = (kinds & DependencyKind.FromExclusive) == 0;
                }
                var target = forward ? edge.To : edge.From;
                var strong = State(target, false);
                if (_visited[strong] == generation)
                    continue; // already reached by a path at least as strong
                var nextState = State(target, nextOnlyRecursive);
                if (_visited[nextState] == generation)
                    continue;
                _visited[nextState] = generation;
                _parentState[nextState] = state;
                _parentEdge[nextState] = edge;
                _queue[tail++] = nextState;
            }
        }
        return -1;
    }

    /// <summary>The path of the last <see cref="Search{TVisitor}"/> from its root to <paramref name="state"/>:
    /// (class, edge into it, onlyRecursive) with the root first (its edge null). Caller holds <see cref="Gate"/>.</summary>
    internal List<(int ClassId, DependencyEdge? Edge)> PathTo(int state)
    {
        var path = new List<(int, DependencyEdge?)>();
        for (var s = state; s >= 0; s = _parentState[s])
            path.Add((s >> 1, _parentEdge[s]));
        path.Reverse();
        return path;
    }

    private static int State(int classId, bool onlyRecursive) => (classId << 1) | (onlyRecursive ? 1 : 0);

    private void EnsureScratch(int classCount)
    {
        // Each state enters the queue at most once, so 2 * classes bounds every array.
        var needed = Math.Max(2 * classCount, 2 * _nodes.Length);
        if (_visited.Length >= needed)
            return;
        var size = Math.Max(needed, _visited.Length * 2);
        Array.Resize(ref _visited, size);
        Array.Resize(ref _queue, size);
        Array.Resize(ref _parentState, size);
        Array.Resize(ref _parentEdge, size);
    }
}
