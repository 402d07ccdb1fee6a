namespace Lockstep.Exploration;

/// <summary>
/// Set of 128-bit fingerprints in open-addressing tables (two ulongs per slot, linear probing),
/// with an optional ulong payload per state (DFS keeps the sleep set a state was explored with).
/// The table is split into independently locked segments chosen by the fingerprint's high bits,
/// so workers rarely contend; with one segment and <c>concurrent: false</c> no lock is taken.
/// Segments double when 3/4 full as long as the total stays within the memory budget; past the
/// budget a segment fills to 9/10 and then the insert reports <see cref="InsertOutcome.MemoryFull"/>.
/// </summary>
public sealed class FingerprintStore
{
    private const double GrowLoad = 0.75;
    private const double FullLoad = 0.90;
    private const int MinSegmentCapacity = 16;
    private const int DefaultInitialSlots = 1 << 16;
    /// <summary>The largest table sized up front from a state bound (2^24 slots; past it the table grows as usual).</summary>
    private const long MaxSizedSlots = 1L << 24;

    private readonly Segment[] _segments;
    private readonly int _segmentShift;
    private readonly long _maxBytes;
    private readonly long _maxCount;
    private readonly bool _concurrent;
    private readonly int _bytesPerSlot;
    /// <summary>The table was sized from the state bound: it fills to <see cref="FullLoad"/> before it grows.</summary>
    private readonly bool _sizedForBound;
    private long _count;
    private long _allocatedBytes;

    public FingerprintStore(
        long maxBytes = long.MaxValue,
        long maxCount = long.MaxValue,
        int segments = 1,
        bool withPayload = false,
        bool concurrent = false)
    {
        if (segments < 1 || (segments & (segments - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(segments), "must be a power of two");
        _maxBytes = maxBytes;
        _maxCount = maxCount;
        _concurrent = concurrent;
        _bytesPerSlot = withPayload ? 24 : 16;
        _segmentShift = 64 - System.Numerics.BitOperations.Log2((uint)segments);

        // Start with at most 1/4 of the budget so growth has room, and never more than 64K slots — unless a state bound
        // says how many states can come: then the table is sized for all of them at once, filled up to 9/10 (no
        // doubling, no rehash, and the load factor stays high).
        long budgetSlots = maxBytes == long.MaxValue ? DefaultInitialSlots : maxBytes / 4 / _bytesPerSlot;
        long initialSlots = Math.Clamp(budgetSlots, MinSegmentCapacity * segments, DefaultInitialSlots);
        if (maxCount < long.MaxValue)
        {
            long forBound = (long)Math.Ceiling(maxCount / FullLoad) + MinSegmentCapacity * segments;
            long affordable = maxBytes == long.MaxValue ? long.MaxValue : maxBytes / 2 / _bytesPerSlot;
            if (forBound <= affordable && forBound <= MaxSizedSlots)
            {
                initialSlots = forBound;
                _sizedForBound = true;
            }
        }
        int perSegment = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(MinSegmentCapacity, initialSlots / segments));
        _segments = new Segment[segments];
        for (int i = 0; i < segments; i++)
            _segments[i] = new Segment(perSegment, withPayload);
        _allocatedBytes = (long)perSegment * segments * _bytesPerSlot;
    }

    public long Count => Interlocked.Read(ref _count);

    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    public long MaxBytes => _maxBytes;

    public InsertOutcome TryAdd(Fingerprint fingerprint) => TryAdd(fingerprint, 0, out _);

    /// <summary>Adds the fingerprint with <paramref name="payload"/>; if present, returns its stored payload instead.</summary>
    public InsertOutcome TryAdd(Fingerprint fingerprint, ulong payload, out ulong existingPayload)
    {
        Segment segment = SegmentOf(fingerprint);
        if (!_concurrent)
            return Insert(segment, fingerprint, payload, out existingPayload);
        lock (segment)
            return Insert(segment, fingerprint, payload, out existingPayload);
    }

    public bool Contains(Fingerprint fingerprint) => TryGetPayload(fingerprint, out _);

    public bool TryGetPayload(Fingerprint fingerprint, out ulong payload)
    {
        Segment segment = SegmentOf(fingerprint);
        if (!_concurrent)
            return segment.TryFind(fingerprint, out payload, out _);
        lock (segment)
            return segment.TryFind(fingerprint, out payload, out _);
    }

    /// <summary>Replaces the payload of a stored fingerprint; false if it is not stored.</summary>
    public bool SetPayload(Fingerprint fingerprint, ulong payload)
    {
        Segment segment = SegmentOf(fingerprint);
        if (!_concurrent)
            return segment.SetPayload(fingerprint, payload);
        lock (segment)
            return segment.SetPayload(fingerprint, payload);
    }

    private Segment SegmentOf(Fingerprint fingerprint) =>
        _segments.Length == 1 ? _segments[0] : _segments[(int)(fingerprint.High >> _segmentShift)];

    private InsertOutcome Insert(Segment segment, Fingerprint fingerprint, ulong payload, out ulong existingPayload)
    {
        if (segment.TryFind(fingerprint, out existingPayload, out _))
            return InsertOutcome.Present;

        if (segment.Count + 1 > segment.Capacity * (_sizedForBound ? FullLoad : GrowLoad) && !TryGrow(segment)
            && segment.Count + 1 > segment.Capacity * FullLoad)
            return InsertOutcome.MemoryFull;

        if (Interlocked.Increment(ref _count) > _maxCount)
        {
            Interlocked.Decrement(ref _count);
            return InsertOutcome.StateLimit;
        }
        segment.Insert(fingerprint, payload);
        return InsertOutcome.Added;
    }

    private bool TryGrow(Segment segment)
    {
        // Only the new table is charged: the old one is garbage as soon as the rehash ends.
        long extra = (long)segment.Capacity * _bytesPerSlot;
        if (Interlocked.Add(ref _allocatedBytes, extra) > _maxBytes)
        {
            Interlocked.Add(ref _allocatedBytes, -extra);
            return false;
        }
        segment.Grow();
        return true;
    }

    private sealed class Segment
    {
        private ulong[] _keys;
        private ulong[]? _payloads;
        private int _mask;

        public Segment(int capacity, bool withPayload)
        {
            _keys = new ulong[capacity * 2];
            _payloads = withPayload ? new ulong[capacity] : null;
            _mask = capacity - 1;
        }

        public int Count { get; private set; }

        public int Capacity => _mask + 1;

        public bool TryFind(Fingerprint fingerprint, out ulong payload, out int slot)
        {
            ulong[] keys = _keys;
            int index = (int)(fingerprint.Low & (ulong)_mask);
            while (true)
            {
                ulong low = keys[2 * index];
                ulong high = keys[2 * index + 1];
                if (low == 0 && high == 0)
                {
                    payload = 0;
                    slot = index;
                    return false;
                }
                if (low == fingerprint.Low && high == fingerprint.High)
                {
                    payload = _payloads is null ? 0 : _payloads[index];
                    slot = index;
                    return true;
                }
                index = (index + 1) & _mask;
            }
        }

        public void Insert(Fingerprint fingerprint, ulong payload)
        {
            TryFind(fingerprint, out _, out int slot);
            _keys[2 * slot] = fingerprint.Low;
            _keys[2 * slot + 1] = fingerprint.High;
            if (_payloads is not null)
                _payloads[slot] = payload;
            Count++;
        }

        public bool SetPayload(Fingerprint fingerprint, ulong payload)
        {
            if (!TryFind(fingerprint, out _, out int slot))
                return false;
            if (_payloads is not null)
                _payloads[slot] = payload;
            return true;
        }

        public void Grow()
        {
            ulong[] oldKeys = _keys;
            ulong[]? oldPayloads = _payloads;
            int oldCapacity = Capacity;
            _keys = new ulong[oldKeys.Length * 2];
            _payloads = oldPayloads is null ? null : new ulong[oldCapacity * 2];
            _mask = oldCapacity * 2 - 1;
            Count = 0;
            for (int i = 0; i < oldCapacity; i++)
            {
                ulong low = oldKeys[2 * i], high = oldKeys[2 * i + 1];
                if (low != 0 || high != 0)
                    Insert(new Fingerprint(low, high), oldPayloads is null ? 0 : oldPayloads[i]);
            }
        }
    }
}
