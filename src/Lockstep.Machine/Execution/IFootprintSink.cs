namespace Lockstep.Machine.Execution;

/// <summary>Receives what a step reads and writes. A location is a pointer value (object and cell), or any other
/// 64-bit key a primitive chooses for state that is not in a memory cell (e.g. a thread's status).</summary>
public interface IFootprintSink
{
    void Add(long location, bool write);
    /// <summary>The step is dependent with every other step (e.g. it creates a thread).</summary>
    void MarkGlobal();
    /// <summary>A static location class the step touches (see <see cref="Ir.IrProgram.LocationClasses"/>).</summary>
    void AddClass(int locationClass, bool write);
    /// <summary>The step touches a cell whose static class is unknown.</summary>
    void MarkAnyClass();
}
