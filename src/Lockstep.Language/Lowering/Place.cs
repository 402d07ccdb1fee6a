namespace Lockstep.Language.Lowering;

/// <summary>
/// Where an lvalue lives: a frame slot (a register local), or memory at the pointer held in <see cref="Slot"/> plus
/// <see cref="Offset"/> cells. <see cref="Private"/> marks accesses that cannot race (const globals, frame objects
/// whose address never escapes). <see cref="Path"/> gives the location class of its cells (null: unknown).
/// </summary>
internal readonly record struct Place(int Slot, long Offset, bool IsRegister, bool Private, AccessPath? Path = null)
{
    public static Place Register(int slot) => new(slot, 0, true, true);
    public static Place Memory(int pointerSlot, long offset, bool isPrivate, AccessPath? path = null) => new(pointerSlot, offset, false, isPrivate, path);

    /// <summary>The class of the (scalar) cell the place designates; -1 for private cells (never shared, never compared).</summary>
    public int LeafClass => Private || Path is null ? -1 : Path.Leaf();

    /// <summary>The class of cell <paramref name="cell"/> of the aggregate the place designates.</summary>
    public int CellClass(long cell) => Private || Path is null ? -1 : Path.Cell(cell);
}
