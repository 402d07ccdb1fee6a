namespace Lockstep.Exploration;

/// <summary>
/// What one transition (or a thread's future) reads and writes: a list of (location, isWrite) plus
/// flags. Reusable and allocation-free after warm-up: the search keeps one per slot and clears it.
/// </summary>
public sealed class Footprint
{
    private long[] _locations = new long[8];
    private bool[] _writes = new bool[8];
    private int _count;

    /// <summary>Touches what an invariant reads: never reduce it away.</summary>
    public bool Visible { get; set; }

    /// <summary>Dependent with everything (e.g. an operation whose effect the executor cannot describe).</summary>
    public bool Global { get; set; }

    public int Count => _count;

    public long LocationAt(int index) => _locations[index];

    public bool IsWriteAt(int index) => _writes[index];

    public void Clear()
    {
        _count = 0;
        Visible = false;
        Global = false;
    }

    /// <summary>Adds an access; a location added twice keeps the stronger (write) access.</summary>
    public void Add(long location, bool write)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_locations[i] == location)
            {
                _writes[i] |= write;
                return;
            }
        }
        if (_count == _locations.Length)
        {
            Array.Resize(ref _locations, _count * 2);
            Array.Resize(ref _writes, _count * 2);
        }
        _locations[_count] = location;
        _writes[_count] = write;
        _count++;
    }

    /// <summary>Adds every access and flag of <paramref name="other"/>.</summary>
    public void UnionWith(Footprint other)
    {
        Visible |= other.Visible;
        Global |= other.Global;
        for (int i = 0; i < other._count; i++)
            Add(other._locations[i], other._writes[i]);
    }

    /// <summary>True when the two are dependent: either is Global, or they share a location at least one writes.</summary>
    public bool ConflictsWith(Footprint other)
    {
        if (Global || other.Global)
            return true;
        for (int i = 0; i < _count; i++)
        {
            long location = _locations[i];
            bool write = _writes[i];
            for (int j = 0; j < other._count; j++)
            {
                if (other._locations[j] == location && (write || other._writes[j]))
                    return true;
            }
        }
        return false;
    }
}
