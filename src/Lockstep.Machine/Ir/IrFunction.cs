namespace Lockstep.Machine.Ir;

/// <summary>
/// A lowered function. Parameters are slots 0..ParameterCount-1; locals and temporaries follow. Slots start at 0 on entry.
/// <see cref="FrameObjectSlots"/> lists the slots that hold <see cref="OpCode.AllocLocal"/> objects, which the
/// interpreter frees on return. <see cref="SlotNames"/> (same length as SlotCount, null for temporaries) is for debugging.
/// <see cref="Signature"/> is the id of the function's type (same ids as a CallIndirect's Class), -1 if unknown.
/// </summary>
public sealed record IrFunction(
    string Name,
    int ParameterCount,
    int SlotCount,
    Instruction[] Code,
    int[] FrameObjectSlots,
    string?[] SlotNames,
    int Site,
    bool ReturnsValue,
    int Signature = -1);
