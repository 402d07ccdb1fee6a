using System.Collections.Concurrent;

namespace Lockstep.Machine.Execution;

/// <summary>
/// Backtraces interned search-wide, so that a state can name one in a single number (the stack a freed object was
/// freed from, for KASAN's "Freed by task" lines) and two paths that freed from the same call chain stay one state.
/// Shared by every executor of a program; entries are never removed. Keyed by a hash of the chain's frames
/// (<see cref="ModelThread.FramesKey"/>), so a step that frees allocates nothing once its chain is known.
/// </summary>
public sealed class BacktraceTable
{
    private readonly ConcurrentDictionary<ulong, int> _ids = new();
    private readonly List<IReadOnlyList<string>> _traces = [];
    private readonly Lock _gate = new();

    /// <summary>The id of the chain with hash <paramref name="key"/>; <paramref name="frames"/> renders it the first time.</summary>
    public int Intern<TState>(ulong key, TState state, Func<TState, IReadOnlyList<string>> frames)
    {
        if (_ids.TryGetValue(key, out var id)) return id;
        lock (_gate)
        {
            if (_ids.TryGetValue(key, out id)) return id;
            id = _traces.Count;
            _traces.Add([.. frames(state)]);
            _ids[key] = id;
            return id;
        }
    }

    public IReadOnlyList<string> this[int id]
    {
        get { lock (_gate) return _traces[id]; }
    }
}
