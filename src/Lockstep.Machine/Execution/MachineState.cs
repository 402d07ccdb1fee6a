namespace Lockstep.Machine.Execution;

/// <summary>
/// The decoded, mutable form of one state: memory objects, threads, and a list of global kernel words.
/// The search stores states only in encoded form (<see cref="Encode"/>); an executor decodes one, steps it, and
/// encodes the successor, reusing every buffer.
/// </summary>
public sealed class MachineState
{
    private readonly List<ModelThread> _threadPool = [];
    private int _contextCells;

    public MemoryObjects Memory { get; } = new();
    public int ThreadCount { get; private set; }
    /// <summary>Global kernel state that is not in a memory object (e.g. pending work items).</summary>
    public LongList Shared
    {
        get { Auditor?.ReadShared(); return _shared; }
    }

    private readonly LongList _shared = new();
    private FootprintAuditor? _auditor;

    /// <summary>Set while a <see cref="FootprintAuditor"/> checks a primitive; every thread records its reads too.</summary>
    internal FootprintAuditor? Auditor
    {
        get => _auditor;
        set
        {
            _auditor = value;
            for (var i = 0; i < ThreadCount; i++) _threadPool[i].Auditor = value;
        }
    }

    public ModelThread Thread(int id) => _threadPool[id];

    internal void Reset(int contextCells)
    {
        _contextCells = contextCells;
        Memory.Clear();
        ThreadCount = 0;
        _shared.Clear();
    }

    internal ModelThread AddThread()
    {
        if (ThreadCount == _threadPool.Count) _threadPool.Add(new ModelThread());
        var t = _threadPool[ThreadCount];
        t.Reset(ThreadCount, _contextCells);
        t.Auditor = _auditor;
        ThreadCount++;
        return t;
    }

    internal void Encode(ref StateWriter writer)
    {
        Memory.Encode(ref writer);
        writer.Write(ThreadCount);
        for (var i = 0; i < ThreadCount; i++) _threadPool[i].Encode(ref writer);
        writer.Write(_shared.Count);
        writer.Write(_shared.Items);
    }

    internal void Decode(ref StateReader reader, int contextCells)
    {
        Reset(contextCells);
        Memory.Decode(ref reader);
        var threads = (int)reader.Read();
        for (var i = 0; i < threads; i++)
        {
            if (ThreadCount == _threadPool.Count) _threadPool.Add(new ModelThread());
            _threadPool[ThreadCount].Decode(ref reader, ThreadCount, contextCells);
            ThreadCount++;
        }
        var shared = (int)reader.Read();
        _shared.SetCount(shared);
        reader.Read(_shared.Items);
    }
}
