namespace Lockstep.Exploration;

/// <summary>
/// A small set of (location, isWrite) with the stronger access kept for a location added twice. A footprint keeps
/// two: exact cells, and static location classes. Reusable and allocation-free after warm-up.
/// </summary>
internal sealed class AccessSet
{
    private long[] _locations = new long[8];
    private bool[] _writes = new bool[8];

    public int Count { get; private set; }

    public long LocationAt(int index) => _locations[index];

    public bool IsWriteAt(int index) => _writes[index];

    public void Clear() => Count = 0;

    public void Add(long location, bool write)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_locations[i] == location)
            {
                _writes[i] |= write;
                return;
            }
        }
        if (Count == _locations.Length)
        {
            Array.Resize(ref _locations, Count * 2);
            Array.Resize(ref _writes, Count * 2);
        }
        _locations[Count] = location;
        _writes[Count] = write;
        Count++;
    }

    /// <summary>Makes this set a copy of <paramref name="other"/> (already unique: no deduplication).</summary>
    public void CopyFrom(AccessSet other)
    {
        if (_locations.Length < other.Count)
        {
            _locations = new long[other._locations.Length];
            _writes = new bool[other._writes.Length];
        }
        Array.Copy(other._locations, _locations, other.Count);
        Array.Copy(other._writes, _writes, other.Count);
        Count = other.Count;
    }

    public void UnionWith(AccessSet other)
    {
        for (int i = 0; i < other.Count; i++)
            Add(other._locations[i], other._writes[i]);
    }

    /// <summary>True when both touch a location and at least one of them writes it.</summary>
    public bool Overlaps(AccessSet other)
    {
        for (int i = 0; i < Count; i++)
        {
            for (int j = 0; j < other.Count; j++)
            {
                if (other._locations[j] == _locations[i] && (_writes[i] || other._writes[j]))
                    return true;
            }
        }
        return false;
    }
}
