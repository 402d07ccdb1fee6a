namespace Lockstep.Exploration;

/// <summary>
/// The distinct threads of one state's enabled transitions, in first-appearance order, each with the
/// union footprint of its choices (choices are alternatives of one step, so POR treats a thread's
/// choices together). Reused per DFS frame / per worker: allocation-free after warm-up.
/// </summary>
internal sealed class EnabledThreads
{
    /// <summary>Thread ids at or above this cannot be held in a ulong mask; such states are fully expanded.</summary>
    public const int MaskableThreads = 64;

    private readonly Footprint _scratch = new();
    private int[] _ids = new int[8];
    private Footprint[] _next = [new(), new(), new(), new(), new(), new(), new(), new()];

    public int Count { get; private set; }

    /// <summary>Bit <c>1 &lt;&lt; thread</c> for every enabled thread; valid when <see cref="Maskable"/>.</summary>
    public ulong Mask { get; private set; }

    public bool Maskable { get; private set; }

    public int IdAt(int index) => _ids[index];

    public Footprint NextAt(int index) => _next[index];

    public int IndexOf(int thread)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_ids[i] == thread)
                return i;
        }
        return -1;
    }

    public void Load(IExecutor executor, ReadOnlySpan<byte> state, List<Transition> enabled)
    {
        Count = 0;
        Mask = 0;
        Maskable = true;
        foreach (Transition transition in enabled)
        {
            int index = IndexOf(transition.Thread);
            if (index < 0)
            {
                index = Count++;
                if (index == _ids.Length)
                {
                    Array.Resize(ref _ids, index * 2);
                    Array.Resize(ref _next, index * 2);
                    for (int i = index; i < _next.Length; i++)
                        _next[i] = new Footprint();
                }
                _ids[index] = transition.Thread;
                _next[index].Clear();
                if (transition.Thread is >= 0 and < MaskableThreads)
                    Mask |= 1UL << transition.Thread;
                else
                    Maskable = false;
            }
            _scratch.Clear();
            executor.GetFootprint(state, transition, _scratch);
            _next[index].UnionWith(_scratch);
        }
    }
}
