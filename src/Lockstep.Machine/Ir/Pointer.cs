namespace Lockstep.Machine.Ir;

/// <summary>
/// Every value is a 64-bit integer. A pointer packs an object id (high 32 bits) and a cell offset (low 32 bits):
/// memory is a set of objects made of 64-bit cells, every scalar and every pointer takes one cell, and a struct
/// is its fields' cells laid out in order. Object 0 is NULL. Globals are objects 1..G in declaration order
/// (<see cref="IrProgram.Globals"/>), heap objects come after them. Function pointers and string literals are
/// tagged object ids so that they compare, copy and print like pointers.
/// </summary>
public static class Pointer
{
    public const int FunctionTag = 0x7000_0000;
    public const int StringTag = 0x6000_0000;
    public const int TaskTag = 0x5000_0000;

    public static long Make(int objectId, int offset) => ((long)objectId << 32) | (uint)offset;
    public static int ObjectOf(long pointer) => (int)(pointer >> 32);
    public static int OffsetOf(long pointer) => (int)(uint)pointer;

    /// <summary>The pointer to global number <paramref name="globalIndex"/> (0-based index into <see cref="IrProgram.Globals"/>).</summary>
    public static long Global(int globalIndex, int offset = 0) => Make(globalIndex + 1, offset);
    public static long Function(int functionIndex) => Make(FunctionTag + functionIndex, 0);
    public static long String(int stringId) => Make(StringTag + stringId, 0);
    public static long Task(int threadId) => Make(TaskTag + threadId, 0);

    public static bool IsFunction(long value) => ObjectOf(value) >= FunctionTag && OffsetOf(value) == 0;
    public static bool IsString(long value) { var o = ObjectOf(value); return o >= StringTag && o < FunctionTag; }
    public static bool IsTask(long value) { var o = ObjectOf(value); return o >= TaskTag && o < StringTag; }
    public static int FunctionIndex(long value) => ObjectOf(value) - FunctionTag;
    public static int StringId(long value) => ObjectOf(value) - StringTag;
    public static int TaskThread(long value) => ObjectOf(value) - TaskTag;
    /// <summary>True for a pointer into a data object (global, heap or frame-owned), not a tag or NULL.</summary>
    public static bool IsData(long value) { var o = ObjectOf(value); return o > 0 && o < TaskTag; }
}
