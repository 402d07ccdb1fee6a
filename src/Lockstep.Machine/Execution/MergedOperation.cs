namespace Lockstep.Machine.Execution;

/// <summary>A visible operation that ran inside the step before it (step merging): its site and what it was
/// ("load", "store", a primitive's name). Traces show it under that step.</summary>
public readonly record struct MergedOperation(int Site, string Operation);
