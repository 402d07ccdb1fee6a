namespace Lockstep.Exploration;

/// <summary>
/// Set of 128-bit fingerprints in open-addressing tables (two ulongs per slot, linear probing),
/// with an optional ulong payload per state (DFS keeps the sleep set a state was explored with). A slot is 16 bytes
/// either way: a payload takes the top 16 bits of the fingerprint (112 bits are compared, see
/// <see cref="FingerprintBits"/>), and a payload too wide for them is kept beside the table.
/// The table is split into independently locked segments chosen by the fingerprint's high bits,
/// so workers rarely contend; with one segment and <c>concurrent: false</c> no lock is taken.
/// Segments grow by half when 85% full (so a table is 57–85% full and a state costs 19–28 bytes) as long as the total
/// stays within the memory budget; past the budget a segment fills to 9/10 and then the insert reports
/// <see cref="InsertOutcome.MemoryFull"/>. A table of any size maps a fingerprint to its slot by multiplying (Lemire's
/// fast range), so a table sized from a state bound is exactly that size.
/// </summary>
public sealed class FingerprintStore
{
    private const double GrowLoad = 0.85;
    /// <summary>With payloads, the top bits of a slot's High word hold the payload (see <see cref="Segment"/>).</summary>
    private const int PayloadBits = 16;
    private const ulong OverflowFlag = 1UL << (PayloadBits - 1);
    /// <summary>A dictionary entry of an overflowing payload: key, value, hash code, chain and bucket.</summary>
    private const int OverflowEntryBytes = 40;
    private const double FullLoad = 0.90;
    private const int MinSegmentCapacity = 16;
    private const int DefaultInitialSlots = 1 << 12;
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
        _bytesPerSlot = 16;
        FingerprintBits = withPayload ? 128 - PayloadBits : 128;
        _segmentShift = 64 - System.Numerics.BitOperations.Log2((uint)segments);

        // Start with at most 1/4 of the budget so growth has room, and never more than 4K slots (64 KiB: a small model
        // pays for what it stores, and growing by half is cheap while the table is small) — unless a state bound
        // says how many states can come: then the table is sized for all of them at once, filled up to 9/10 (no
        // growth, no rehash, and the load factor stays high).
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
        int perSegment = (int)Math.Max(MinSegmentCapacity, (initialSlots + segments - 1) / segments);
        _segments = new Segment[segments];
        for (int i = 0; i < segments; i++)
            _segments[i] = new Segment(perSegment, withPayload);
        _allocatedBytes = (long)perSegment * segments * _bytesPerSlot;
    }

    public long Count => Interlocked.Read(ref _count);

    /// <summary>The tables, plus an estimate for the few payloads kept beside them (<see cref="Segment.OverflowCount"/>).</summary>
    public long AllocatedBytes
    {
        get
        {
            long overflow = 0;
            foreach (Segment segment in _segments)
                overflow += segment.OverflowCount;
            return Interlocked.Read(ref _allocatedBytes) + overflow * OverflowEntryBytes;
        }
    }

    /// <summary>How many bits of a fingerprint the store compares: 128, or 112 when slots also hold payloads.</summary>
    public int FingerprintBits { get; }

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
            return segment.TryFind(fingerprint, out payload);
        lock (segment)
            return segment.TryFind(fingerprint, out payload);
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

    /// <summary>
    /// Adds the fingerprint with <paramref name="payload"/>; if present, returns its stored payload and, in the same
    /// atomic step, narrows it to <c>stored &amp; <paramref name="keep"/></c>. The parallel depth-first search needs the
    /// read and the narrowing together: two workers revisiting a state with different sleep sets must not both think
    /// they were the first to wake a thread, nor both miss it.
    /// </summary>
    public InsertOutcome TryAddOrNarrow(Fingerprint fingerprint, ulong payload, ulong keep, out ulong existingPayload)
    {
        Segment segment = SegmentOf(fingerprint);
        if (!_concurrent)
            return AddOrNarrow(segment, fingerprint, payload, keep, out existingPayload);
        lock (segment)
            return AddOrNarrow(segment, fingerprint, payload, keep, out existingPayload);
    }

    private InsertOutcome AddOrNarrow(Segment segment, Fingerprint fingerprint, ulong payload, ulong keep, out ulong existingPayload)
    {
        InsertOutcome outcome = Insert(segment, fingerprint, payload, out existingPayload);
        if (outcome == InsertOutcome.Present && (existingPayload & keep) != existingPayload)
            segment.SetPayload(fingerprint, existingPayload & keep);
        return outcome;
    }

    /// <summary>Sets <paramref name="bits"/> in the payload of a stored fingerprint, atomically; false if it is not stored.</summary>
    public bool AddPayloadBits(Fingerprint fingerprint, ulong bits)
    {
        Segment segment = SegmentOf(fingerprint);
        if (!_concurrent)
            return OrPayload(segment, fingerprint, bits);
        lock (segment)
            return OrPayload(segment, fingerprint, bits);
    }

    private static bool OrPayload(Segment segment, Fingerprint fingerprint, ulong bits)
    {
        if (!segment.TryFind(fingerprint, out ulong payload))
            return false;
        if ((payload | bits) != payload)
            segment.SetPayload(fingerprint, payload | bits);
        return true;
    }

    private Segment SegmentOf(Fingerprint fingerprint) =>
        _segments.Length == 1 ? _segments[0] : _segments[(int)(fingerprint.High >> _segmentShift)];

    private InsertOutcome Insert(Segment segment, Fingerprint fingerprint, ulong payload, out ulong existingPayload)
    {
        if (segment.TryFindOrSlot(fingerprint, out existingPayload, out int slot))
            return InsertOutcome.Present;

        if (segment.Count + 1 > segment.Capacity * (_sizedForBound ? FullLoad : GrowLoad))
        {
            if (TryGrow(segment))
                segment.TryFindOrSlot(fingerprint, out _, out slot);
            else if (segment.Count + 1 > segment.Capacity * FullLoad)
                return InsertOutcome.MemoryFull;
        }

        if (Interlocked.Increment(ref _count) > _maxCount)
        {
            Interlocked.Decrement(ref _count);
            return InsertOutcome.StateLimit;
        }
        segment.Insert(fingerprint, slot, payload);
        return InsertOutcome.Added;
    }

    private bool TryGrow(Segment segment)
    {
        // Only the new table is charged: the old one is garbage as soon as the rehash ends.
        long extra = (long)(Segment.Grown(segment.Capacity) - segment.Capacity) * _bytesPerSlot;
        if (Interlocked.Add(ref _allocatedBytes, extra) > _maxBytes)
        {
            Interlocked.Add(ref _allocatedBytes, -extra);
            return false;
        }
        segment.Grow();
        return true;
    }

    /// <summary>
    /// One open-addressing table: two words per slot, (Low, High) of the fingerprint, linear probing from
    /// <see cref="Home"/>. With payloads the top <see cref="PayloadBits"/> bits of High hold the payload instead of
    /// fingerprint bits (16 bytes a slot, not 24): bit 15 set means the payload has bits the slot cannot hold and lives
    /// in <see cref="_overflow"/> (a state with a sleeping thread of id 15 or more, rare).
    /// </summary>
    private sealed class Segment
    {
        private readonly bool _withPayload;
        private readonly ulong _keyMask;
        private ulong[] _keys;
        private Dictionary<(ulong, ulong), ulong>? _overflow;
        private int _capacity;

        public Segment(int capacity, bool withPayload)
        {
            _withPayload = withPayload;
            _keyMask = withPayload ? ulong.MaxValue >> PayloadBits : ulong.MaxValue;
            _keys = new ulong[capacity * 2];
            _capacity = capacity;
        }

        public int Count { get; private set; }

        public int Capacity => _capacity;

        /// <summary>The capacity after one growth: half as large again.</summary>
        public static int Grown(int capacity) => capacity + capacity / 2;

        /// <summary>The first slot to probe: <c>Low</c> scaled to the table (uniform because fingerprints are).</summary>
        private static int Home(ulong low, int capacity) => (int)Math.BigMul(low, (ulong)capacity, out _);

        /// <summary>Entries whose payload did not fit in their slot.</summary>
        public int OverflowCount => _overflow?.Count ?? 0;

        /// <summary>The fingerprint as stored: High without the payload bits, and never the empty slot's (0, 0).</summary>
        private (ulong Low, ulong High) KeyOf(Fingerprint fingerprint)
        {
            ulong high = fingerprint.High & _keyMask;
            ulong low = fingerprint.Low;
            // (0, 0) marks an empty slot; remapping it costs one key value in 2^(key bits).
            if (low == 0 && high == 0)
                low = 1;
            return (low, high);
        }

        private int Find(ulong low, ulong high, out bool found)
        {
            ulong[] keys = _keys;
            ulong keyMask = _keyMask;
            int capacity = _capacity;
            int index = Home(low, capacity);
            while (true)
            {
                ulong storedLow = keys[2 * index];
                ulong storedHigh = keys[2 * index + 1];
                if (storedLow == low && (storedHigh & keyMask) == high)
                {
                    found = true;
                    return index;
                }
                if (storedLow == 0 && storedHigh == 0)
                {
                    found = false;
                    return index;
                }
                if (++index == capacity)
                    index = 0;
            }
        }

        public bool TryFind(Fingerprint fingerprint, out ulong payload) => TryFindOrSlot(fingerprint, out payload, out _);

        /// <summary>True with the payload when stored; otherwise false with the slot an insert would use.</summary>
        public bool TryFindOrSlot(Fingerprint fingerprint, out ulong payload, out int slot)
        {
            var (low, high) = KeyOf(fingerprint);
            slot = Find(low, high, out bool found);
            payload = found ? PayloadAt(slot, low, high) : 0;
            return found;
        }

        private ulong PayloadAt(int slot, ulong low, ulong high)
        {
            if (!_withPayload)
                return 0;
            ulong bits = _keys[2 * slot + 1] >> (64 - PayloadBits);
            return (bits & OverflowFlag) == 0 ? bits : _overflow![(low, high)];
        }

        private void SetPayloadAt(int slot, ulong low, ulong high, ulong payload)
        {
            if (!_withPayload)
                return;
            ulong bits;
            if (payload < OverflowFlag)
            {
                bits = payload;
                _overflow?.Remove((low, high));
            }
            else
            {
                bits = OverflowFlag;
                (_overflow ??= [])[(low, high)] = payload;
            }
            _keys[2 * slot + 1] = high | (bits << (64 - PayloadBits));
        }

        /// <summary>Stores a fingerprint <see cref="TryFindOrSlot"/> did not find, at the slot it returned.</summary>
        public void Insert(Fingerprint fingerprint, int slot, ulong payload)
        {
            var (low, high) = KeyOf(fingerprint);
            _keys[2 * slot] = low;
            _keys[2 * slot + 1] = high;
            SetPayloadAt(slot, low, high, payload);
            Count++;
        }

        public bool SetPayload(Fingerprint fingerprint, ulong payload)
        {
            var (low, high) = KeyOf(fingerprint);
            int slot = Find(low, high, out bool found);
            if (!found)
                return false;
            SetPayloadAt(slot, low, high, payload);
            return true;
        }

        public void Grow()
        {
            ulong[] oldKeys = _keys;
            int oldCapacity = Capacity;
            int capacity = Grown(oldCapacity);
            _keys = new ulong[capacity * 2];
            _capacity = capacity;
            // The stored words move as they are (payload bits included); the slot depends only on Low.
            for (int i = 0; i < oldCapacity; i++)
            {
                ulong low = oldKeys[2 * i], high = oldKeys[2 * i + 1];
                if (low == 0 && high == 0)
                    continue;
                int index = Home(low, capacity);
                while (_keys[2 * index] != 0 || _keys[2 * index + 1] != 0)
                {
                    if (++index == capacity)
                        index = 0;
                }
                _keys[2 * index] = low;
                _keys[2 * index + 1] = high;
            }
        }
    }
}
