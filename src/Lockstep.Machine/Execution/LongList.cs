namespace Lockstep.Machine.Execution;

/// <summary>A growable list of 64-bit words that keeps its buffer across clears (state data of variable length).</summary>
public sealed class LongList
{
    private long[] _items = new long[16];

    public int Count { get; private set; }
    public Span<long> Items => _items.AsSpan(0, Count);

    public long this[int index]
    {
        get => _items[index];
        set => _items[index] = value;
    }

    public void Clear() => Count = 0;

    public void Add(long value)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = value;
    }

    public void AddRange(ReadOnlySpan<long> values)
    {
        foreach (var v in values) Add(v);
    }

    public void RemoveRange(int index, int count)
    {
        Array.Copy(_items, index + count, _items, index, Count - index - count);
        Count -= count;
    }

    public void SetCount(int count)
    {
        if (count > _items.Length) Array.Resize(ref _items, Math.Max(count, _items.Length * 2));
        if (count > Count) Array.Clear(_items, Count, count - Count);
        Count = count;
    }
}
