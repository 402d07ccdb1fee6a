using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// All data objects of one state: globals (ids 1..G), heap objects and frame-owned locals, as cells in one buffer.
/// Ids are never reused, so a dangling pointer always finds its freed object and is reported as use-after-free.
/// Buffers are reused between decodes: no allocation in steady state.
/// </summary>
public sealed class MemoryObjects
{
    private int[] _offset = new int[64];
    private int[] _size = new int[64];
    private ObjectStatus[] _status = new ObjectStatus[64];
    private int[] _site = new int[64];
    /// <summary>Allocating thread + 1 for objects that start private (heap and frame objects), 0 for globals.</summary>
    private int[] _owner = new int[64];
    private bool[] _escaped = new bool[64];
    private long[] _cells = new long[1024];
    private int _cellsUsed;

    /// <summary>Highest object id in use (ids start at 1).</summary>
    public int Count { get; private set; }

    public void Clear()
    {
        Count = 0;
        _cellsUsed = 0;
        _vacant = 0;
        HasFreed = false;
    }

    private int LowestVacant()
    {
        for (var id = 1; id <= Count; id++)
        {
            if (_status[id] != ObjectStatus.Vacant) continue;
            _vacant--;
            return id;
        }
        _vacant = 0;
        return ++Count;
    }

    /// <summary>
    /// Turns every freed object that nothing points to (<paramref name="referenced"/>[id] false) into a vacant id and
    /// drops trailing vacant ids, so that states differing only in which dead objects they once had are one state, and
    /// a loop that allocates and frees does not grow the state forever. A freed object something still points to is
    /// kept: an access through that pointer is a use-after-free.
    /// </summary>
    public void Reclaim(ReadOnlySpan<bool> referenced)
    {
        HasFreed = false;
        for (var id = 1; id <= Count; id++)
        {
            if (_status[id] != ObjectStatus.Freed) continue;
            if (id < referenced.Length && referenced[id]) { HasFreed = true; continue; }
            _status[id] = ObjectStatus.Vacant;
            _size[id] = 0;
        }
        while (Count > 0 && _status[Count] == ObjectStatus.Vacant) Count--;
        _vacant = 0;
        for (var id = 1; id <= Count; id++) if (_status[id] == ObjectStatus.Vacant) _vacant++;
    }

    private int _vacant;

    /// <summary>Objects that hold an id: live ones and freed ones something still points to.</summary>
    public int InUse => Count - _vacant;

    /// <summary>True while some object is freed but not yet reclaimed (see <see cref="Reclaim"/>).</summary>
    public bool HasFreed { get; private set; }

    public int Allocate(int cells, int site = -1, int ownerThread = -1)
    {
        var id = _vacant > 0 ? LowestVacant() : ++Count;
        if (id >= _offset.Length)
        {
            Array.Resize(ref _offset, _offset.Length * 2);
            Array.Resize(ref _size, _size.Length * 2);
            Array.Resize(ref _status, _status.Length * 2);
            Array.Resize(ref _site, _site.Length * 2);
            Array.Resize(ref _owner, _owner.Length * 2);
            Array.Resize(ref _escaped, _escaped.Length * 2);
        }
        _owner[id] = ownerThread + 1;
        _escaped[id] = false;

        EnsureCells(_cellsUsed + cells);
        _offset[id] = _cellsUsed;
        _size[id] = cells;
        _status[id] = ObjectStatus.Live;
        _site[id] = site;
        Array.Clear(_cells, _cellsUsed, cells);
        _cellsUsed += cells;
        return id;
    }

    private void EnsureCells(int needed)
    {
        if (needed > _cells.Length)
            Array.Resize(ref _cells, Math.Max(needed, _cells.Length * 2));
    }

    public ObjectStatus Status(int id) => _status[id];
    public int Size(int id) => _size[id];
    /// <summary>The allocation site (for KASAN-style "Allocated by" lines), -1 for globals.</summary>
    public int AllocationSite(int id) => _site[id];
    public Span<long> Cells(int id) => _cells.AsSpan(_offset[id], _size[id]);

    public void SetStatus(int id, ObjectStatus status)
    {
        _status[id] = status;
        if (status == ObjectStatus.Freed) HasFreed = true;
    }

    /// <summary>
    /// True when only <paramref name="thread"/> can reach the object: it allocated it and no pointer to it has been
    /// stored where another thread could read it or handed to a primitive. Accesses to such an object cannot race,
    /// so they are not scheduling points.
    /// </summary>
    public bool IsPrivateTo(int id, int thread) =>
        id > 0 && id <= Count && _owner[id] != 0 && _owner[id] == thread + 1 && !_escaped[id] && _status[id] == ObjectStatus.Live;

    /// <summary>True while the object is private to the thread that allocated it.</summary>
    public bool IsPrivate(int id) => id > 0 && id <= Count && _owner[id] != 0 && !_escaped[id];

    /// <summary>A pointer to the object became visible to other threads: so did every private object it points to.</summary>
    public void Escape(int id)
    {
        if (!IsPrivate(id)) return;
        _escaped[id] = true;
        if (_status[id] != ObjectStatus.Live) return;
        var cells = Cells(id);
        for (var i = 0; i < cells.Length; i++)
        {
            var v = cells[i];
            if (Pointer.IsData(v)) Escape(Pointer.ObjectOf(v));
        }
    }

    /// <summary>Escapes the object <paramref name="value"/> points to, if it is a pointer to a private object.</summary>
    public void EscapeValue(long value)
    {
        if (Pointer.IsData(value)) Escape(Pointer.ObjectOf(value));
    }

    /// <summary>Checks a pointer for an access; null when fine, otherwise why it is not.</summary>
    public AccessFault Check(long pointer)
    {
        var id = Pointer.ObjectOf(pointer);
        if (id <= 0 || id > Count || !Pointer.IsData(pointer))
            return id == 0 ? AccessFault.Null : AccessFault.Wild;
        if (_status[id] == ObjectStatus.Freed) return AccessFault.Freed;
        if (_status[id] == ObjectStatus.Vacant) return AccessFault.Wild;
        var offset = Pointer.OffsetOf(pointer);
        if (offset < 0 || offset >= _size[id]) return AccessFault.OutOfBounds;
        return AccessFault.None;
    }

    /// <summary>Unchecked read: call <see cref="Check"/> first.</summary>
    public long ReadUnchecked(long pointer) => _cells[_offset[Pointer.ObjectOf(pointer)] + Pointer.OffsetOf(pointer)];
    public void WriteUnchecked(long pointer, long value) => _cells[_offset[Pointer.ObjectOf(pointer)] + Pointer.OffsetOf(pointer)] = value;

    // --- state codec ---

    internal void Encode(ref StateWriter writer)
    {
        writer.Write(Count);
        for (var id = 1; id <= Count; id++)
        {
            var status = _status[id];
            writer.Write((long)status | (_escaped[id] ? 4L : 0) | ((long)_owner[id] << 3 & 0x7FF8) | ((long)_size[id] << 15) | ((long)(_site[id] + 1) << 40));
            if (status == ObjectStatus.Live)
                writer.Write(_cells.AsSpan(_offset[id], _size[id]));
        }
    }

    internal void Decode(ref StateReader reader)
    {
        Clear();
        var count = (int)reader.Read();
        var vacant = 0;
        for (var i = 0; i < count; i++)
        {
            var header = reader.Read();
            var status = (ObjectStatus)(header & 3);
            var size = (int)((header >> 15) & 0x1FF_FFFF);
            var site = (int)(header >> 40) - 1;
            var owner = (int)((header >> 3) & 0xFFF);
            var id = Allocate(size, site, owner - 1);
            _escaped[id] = (header & 4) != 0;
            _status[id] = status;
            if (status == ObjectStatus.Vacant) vacant++;
            if (status == ObjectStatus.Freed) HasFreed = true;
            if (status == ObjectStatus.Live)
                reader.Read(Cells(id));
        }
        // Set only now: while decoding, ids are laid out in order, never reused.
        _vacant = vacant;
    }
}

public enum AccessFault
{
    None,
    Null,
    Wild,
    Freed,
    OutOfBounds,
}
