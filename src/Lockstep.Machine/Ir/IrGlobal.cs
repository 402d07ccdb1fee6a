namespace Lockstep.Machine.Ir;

/// <summary>
/// A global variable: one object of <see cref="InitialCells"/>.Length cells with its constant initial values
/// (pointers to other globals, function pointers and string literals included, see <see cref="Pointer"/>).
/// <see cref="IsConstant"/> marks data never written (const ops tables); loads from it are not scheduling points.
/// <see cref="FieldNames"/> names each cell ("mn_invalidate_lock", "ops.release", "a[3]") for traces and reports.
/// </summary>
public sealed record IrGlobal(string Name, string TypeName, long[] InitialCells, string[] FieldNames, bool IsConstant, int Site);
