using System.Runtime.InteropServices;

namespace Lockstep.Machine.Execution;

/// <summary>Appends 64-bit words to a reusable buffer: the encoded state vector.</summary>
internal ref struct StateWriter
{
    private long[] _buffer;
    private int _length;

    public StateWriter(long[] buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    public readonly long[] Buffer => _buffer;
    public readonly int Length => _length;
    public readonly ReadOnlySpan<byte> Bytes => MemoryMarshal.AsBytes(_buffer.AsSpan(0, _length));

    public void Write(long value)
    {
        if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        _buffer[_length++] = value;
    }

    public void Write(ReadOnlySpan<long> values)
    {
        if (_length + values.Length > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + values.Length));
        values.CopyTo(_buffer.AsSpan(_length));
        _length += values.Length;
    }
}

/// <summary>Reads an encoded state vector.</summary>
internal ref struct StateReader(ReadOnlySpan<long> words)
{
    private readonly ReadOnlySpan<long> _words = words;
    private int _position;

    public long Read() => _words[_position++];

    public void Read(Span<long> into)
    {
        _words.Slice(_position, into.Length).CopyTo(into);
        _position += into.Length;
    }
}
