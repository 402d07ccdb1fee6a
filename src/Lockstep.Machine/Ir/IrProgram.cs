namespace Lockstep.Machine.Ir;

/// <summary>
/// A whole lowered model: what the Language layer hands to the Machine.
/// <see cref="Intrinsics"/> are the names of the kernel primitives the model calls (resolved by the Machine through an
/// <see cref="Execution.IIntrinsicProvider"/>); <see cref="OpCode.Intrinsic"/> indexes this list.
/// <see cref="Invariants"/> are functions <c>bool f(void)</c> checked after every step (declared with LOCKSTEP_INVARIANT).
/// <see cref="LocationClasses"/> names the location classes instructions refer to (null: the lowering gives none, and
/// the search cannot reduce by them). A location class is a static name for a set of cells such that every access
/// to one cell carries the same class: the innermost struct type and cell offset for a member access
/// ("struct kvm+12"), the outermost union and offset when the path crosses a union, the variable for a global
/// scalar or array; a dereference of a plain scalar pointer has no class (-1).
/// <see cref="AddressTakenFunctions"/> lists the functions whose address is taken (possible indirect call targets);
/// null means all.
/// </summary>
public sealed record IrProgram(
    IReadOnlyList<IrFunction> Functions,
    IReadOnlyList<IrGlobal> Globals,
    IReadOnlyList<string> Strings,
    IReadOnlyList<string> Intrinsics,
    IReadOnlyList<SourceSite> Sites,
    int EntryFunction,
    IReadOnlyList<IrInvariant> Invariants,
    IReadOnlyList<string>? LocationClasses = null,
    IReadOnlyList<int>? AddressTakenFunctions = null)
{
    public int FindFunction(string name)
    {
        for (var i = 0; i < Functions.Count; i++)
            if (Functions[i].Name == name) return i;
        return -1;
    }

    public int FindGlobal(string name)
    {
        for (var i = 0; i < Globals.Count; i++)
            if (Globals[i].Name == name) return i;
        return -1;
    }
}

/// <summary>An invariant: its name (as written in LOCKSTEP_INVARIANT(name)) and the function that evaluates it.</summary>
public sealed record IrInvariant(string Name, int Function);
