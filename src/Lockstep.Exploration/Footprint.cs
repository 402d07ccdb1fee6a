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

    private long[] _classes = new long[8];
    private bool[] _classWrites = new bool[8];
    private int _classCount;

    /// <summary>
    /// The step may touch a location whose static class is unknown: it conflicts with every thread's future that
    /// touches anything. (Cells stay exact, so step-against-step comparisons keep their precision.)
    /// </summary>
    public bool AnyClass { get; set; }

    /// <summary>Number of static location classes (see <see cref="AddClass"/>).</summary>
    public int ClassCount => _classCount;

    /// <summary>
    /// Adds a static location class: a name for a set of cells that every access to one of them carries. Classes
    /// compare a step with what other threads may still do (their futures, which are only known statically);
    /// steps are compared with each other by exact cells.
    /// </summary>
    public void AddClass(long locationClass, bool write)
    {
        for (int i = 0; i < _classCount; i++)
        {
            if (_classes[i] == locationClass)
            {
                _classWrites[i] |= write;
                return;
            }
        }
        if (_classCount == _classes.Length)
        {
            Array.Resize(ref _classes, _classCount * 2);
            Array.Resize(ref _classWrites, _classCount * 2);
        }
        _classes[_classCount] = locationClass;
        _classWrites[_classCount] = write;
        _classCount++;
    }

    /// <summary>
    /// Whether this step may be dependent with something the thread whose future is <paramref name="future"/> may
    /// still do: by cells (executors that bound futures by cells) and by static classes.
    /// </summary>
    public bool ConflictsWithFuture(Footprint future)
    {
        if (ConflictsWith(future))
            return true;
        if (AnyClass && (future._classCount > 0 || future.AnyClass))
            return true;
        if (future.AnyClass && _classCount > 0)
            return true;
        for (int i = 0; i < _classCount; i++)
        {
            for (int j = 0; j < future._classCount; j++)
            {
                if (future._classes[j] == _classes[i] && (_classWrites[i] || future._classWrites[j]))
                    return true;
            }
        }
        return false;
    }

    public void Clear()
    {
        _classCount = 0;
        AnyClass = false;
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
    /// <summary>Makes this footprint a copy of <paramref name="other"/> (no per-entry deduplication: it is already unique).</summary>
    public void CopyFrom(Footprint other)
    {
        Visible = other.Visible;
        Global = other.Global;
        AnyClass = other.AnyClass;
        if (_locations.Length < other._count)
        {
            _locations = new long[other._locations.Length];
            _writes = new bool[other._writes.Length];
        }
        Array.Copy(other._locations, _locations, other._count);
        Array.Copy(other._writes, _writes, other._count);
        _count = other._count;
        if (_classes.Length < other._classCount)
        {
            _classes = new long[other._classes.Length];
            _classWrites = new bool[other._classWrites.Length];
        }
        Array.Copy(other._classes, _classes, other._classCount);
        Array.Copy(other._classWrites, _classWrites, other._classCount);
        _classCount = other._classCount;
    }

    public void UnionWith(Footprint other)
    {
        Visible |= other.Visible;
        Global |= other.Global;
        AnyClass |= other.AnyClass;
        for (int i = 0; i < other._classCount; i++)
            AddClass(other._classes[i], other._classWrites[i]);
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
