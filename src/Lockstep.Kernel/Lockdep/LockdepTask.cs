namespace Lockstep.Kernel.Lockdep;

/// <summary>The task a report names: <c>comm</c> and pid, printed as <c>comm/pid</c>.</summary>
public readonly record struct LockdepTask(string Comm, int Pid);
