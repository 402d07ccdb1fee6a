namespace Lockstep.Machine.Execution;

/// <summary>
/// The set of primitives a program runs against, plus the per-thread kernel state they keep in the state vector.
/// Created per model check (it may hold configuration and shared analysis state such as a lockdep graph).
/// </summary>
public interface IIntrinsicProvider : IIntrinsicCatalog
{
    IIntrinsic Resolve(string name);
    /// <summary>Fixed number of kernel context cells every thread carries (preempt count, irq state, ...).</summary>
    int ThreadContextCells { get; }
    /// <summary>Called when a thread's top function returns, before it is marked finished (e.g. to report a lock still held). May fail the step.</summary>
    void OnThreadExit(IntrinsicCall call);
    /// <summary>Called once when a program is loaded against this provider (e.g. to intern the names of kernel threads).</summary>
    void Attach(LoadedProgram program);
}
