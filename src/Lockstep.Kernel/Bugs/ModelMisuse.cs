namespace Lockstep.Kernel.Bugs;

/// <summary>
/// The detail of a failure that is the model's input error, not a bug of the protocol (nondet_int with an empty range):
/// the Checker reports it as a model error (file:line:col, exit 2), never as a finding.
/// </summary>
public sealed record ModelMisuse(string Message);
