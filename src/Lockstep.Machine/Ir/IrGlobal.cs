namespace Lockstep.Machine.Ir;

/// <summary>
/// A global variable: one object of <see cref="InitialCells"/>.Length cells with its constant initial values
/// (pointers to other globals, function pointers and string literals included, see <see cref="Pointer"/>).
/// <see cref="IsConstant"/> marks data never written (const ops tables); loads from it are not scheduling points.
/// <see cref="FieldNames"/> names each cell ("mn_invalidate_lock", "ops.release", "a[3]") for traces and reports.
/// <see cref="CellClasses"/> gives each cell the location class every classified access to it carries (-1: none), so
/// an access through a pointer the lowering could not classify still gets a class when the pointer's current value
/// lands in a global (the step's own footprint); null when the program has no classes.
/// </summary>
public sealed record IrGlobal(string Name, string TypeName, long[] InitialCells, string[] FieldNames, bool IsConstant, int Site,
    int[]? CellClasses = null);
