namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// Captures the current stack on demand. The validator only asks when it records something new (an edge, a
/// usage bit) or builds a report, so the common path of a search step never builds a trace.
/// </summary>
public interface ILockTraceSource
{
    LockTrace Capture();
}
