namespace Lockstep.Exploration;

/// <summary>
/// For breadth-first search: for every discovered state id, the id of the state it was first
/// reached from and the transition taken, so a shortest counterexample can be rebuilt without
/// keeping states. Chunked so ids can be appended by several workers without moving data.
/// </summary>
internal sealed class ParentLinks
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly object _growLock = new();
    private volatile Chunk?[] _chunks = new Chunk?[64];
    private long _next;

    public long Count => Interlocked.Read(ref _next);

    /// <summary>Appends a state reached from <paramref name="parent"/> (-1 for the initial state) and returns its id.</summary>
    public long Add(long parent, Transition via)
    {
        long id = Interlocked.Increment(ref _next) - 1;
        Chunk chunk = ChunkFor(id);
        int offset = (int)(id & (ChunkSize - 1));
        chunk.Parents[offset] = parent;
        chunk.Threads[offset] = via.Thread;
        chunk.Choices[offset] = via.Choice;
        return id;
    }

    /// <summary>The transitions from the initial state to state <paramref name="id"/>.</summary>
    public List<Transition> PathTo(long id)
    {
        var path = new List<Transition>();
        while (true)
        {
            Chunk chunk = _chunks[id >> ChunkBits]!;
            int offset = (int)(id & (ChunkSize - 1));
            long parent = chunk.Parents[offset];
            if (parent < 0)
                break;
            path.Add(new Transition(chunk.Threads[offset], chunk.Choices[offset]));
            id = parent;
        }
        path.Reverse();
        return path;
    }

    private Chunk ChunkFor(long id)
    {
        long index = id >> ChunkBits;
        Chunk?[] chunks = _chunks;
        if (index < chunks.Length && chunks[index] is { } existing)
            return existing;
        lock (_growLock)
        {
            chunks = _chunks;
            if (index >= chunks.Length)
            {
                var bigger = new Chunk?[Math.Max(chunks.Length * 2, (int)index + 1)];
                Array.Copy(chunks, bigger, chunks.Length);
                _chunks = chunks = bigger;
            }
            return chunks[index] ??= new Chunk();
        }
    }

    private sealed class Chunk
    {
        public readonly long[] Parents = new long[ChunkSize];
        public readonly int[] Threads = new int[ChunkSize];
        public readonly int[] Choices = new int[ChunkSize];
    }
}
