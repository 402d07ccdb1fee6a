namespace Lockstep.Language.Lowering;

/// <summary>
/// Where an lvalue lives: a frame slot (a register local), or memory at the pointer held in <see cref="Slot"/> plus
/// <see cref="Offset"/> cells. <see cref="Private"/> marks accesses that cannot race (const globals, frame objects
/// whose address never escapes).
/// </summary>
internal readonly record struct Place(int Slot, long Offset, bool IsRegister, bool Private)
{
    public static Place Register(int slot) => new(slot, 0, true, true);
    public static Place Memory(int pointerSlot, long offset, bool isPrivate) => new(pointerSlot, offset, false, isPrivate);
}
