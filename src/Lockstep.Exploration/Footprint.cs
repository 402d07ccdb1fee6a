namespace Lockstep.Exploration;

/// <summary>
/// What one transition (or a thread's future) reads and writes: exact locations (cells), static location classes,
/// and flags. Reusable and allocation-free after warm-up: the search keeps one per slot and clears it.
/// </summary>
public sealed class Footprint
{
    private readonly AccessSet _cells = new();
    private readonly AccessSet _classes = new();
    /// <summary>Classes that name no memory cell (thread states, exits, the thread table): an access of unknown class
    /// never meets them.</summary>
    private readonly AccessSet _otherClasses = new();

    /// <summary>Touches what an invariant reads: never reduce it away.</summary>
    public bool Visible { get; set; }

    /// <summary>Dependent with everything (e.g. an operation whose effect the executor cannot describe).</summary>
    public bool Global { get; set; }

    /// <summary>
    /// The step may touch a location whose static class is unknown: it conflicts with every thread's future that
    /// touches anything. (Cells stay exact, so step-against-step comparisons keep their precision.)
    /// </summary>
    public bool AnyClass { get; set; }

    public int Count => _cells.Count;

    public long LocationAt(int index) => _cells.LocationAt(index);

    public bool IsWriteAt(int index) => _cells.IsWriteAt(index);

    /// <summary>Number of static location classes (see <see cref="AddClass"/>).</summary>
    public int ClassCount => _classes.Count + _otherClasses.Count;

    /// <summary>Number of those classes that name memory cells (not thread states, exits or the thread table): only
    /// these can meet an access of unknown class (<see cref="AnyClass"/>).</summary>
    public int MemoryClassCount => _classes.Count;

    public void Clear()
    {
        _cells.Clear();
        _classes.Clear();
        _otherClasses.Clear();
        Visible = false;
        Global = false;
        AnyClass = false;
    }

    /// <summary>Adds an access; a location added twice keeps the stronger (write) access.</summary>
    public void Add(long location, bool write) => _cells.Add(location, write);

    /// <summary>
    /// Adds a static location class: a name for a set of cells that every access to one of them carries. Classes
    /// compare a step with what other threads may still do (their futures, which are only known statically);
    /// steps are compared with each other by exact cells.
    /// </summary>
    public void AddClass(long locationClass, bool write, bool memory = true) =>
        (memory ? _classes : _otherClasses).Add(locationClass, write);

    /// <summary>Makes this footprint a copy of <paramref name="other"/>.</summary>
    public void CopyFrom(Footprint other)
    {
        Visible = other.Visible;
        Global = other.Global;
        AnyClass = other.AnyClass;
        _cells.CopyFrom(other._cells);
        _classes.CopyFrom(other._classes);
        _otherClasses.CopyFrom(other._otherClasses);
    }

    /// <summary>Adds every access and flag of <paramref name="other"/>.</summary>
    public void UnionWith(Footprint other)
    {
        Visible |= other.Visible;
        Global |= other.Global;
        AnyClass |= other.AnyClass;
        _cells.UnionWith(other._cells);
        _classes.UnionWith(other._classes);
        _otherClasses.UnionWith(other._otherClasses);
    }

    /// <summary>True when the two are dependent: either is Global, or they share a location at least one writes.</summary>
    public bool ConflictsWith(Footprint other) => Global || other.Global || _cells.Overlaps(other._cells);

    /// <summary>
    /// Whether this step may be dependent with something the thread whose future is <paramref name="future"/> may
    /// still do: by cells (executors that bound futures by cells) and by static classes.
    /// </summary>
    public bool ConflictsWithFuture(Footprint future)
    {
        if (ConflictsWith(future))
            return true;
        if (AnyClass && (future.MemoryClassCount > 0 || future.AnyClass))
            return true;
        if (future.AnyClass && MemoryClassCount > 0)
            return true;
        return _classes.Overlaps(future._classes) || _otherClasses.Overlaps(future._otherClasses);
    }
}
