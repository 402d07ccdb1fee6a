using Lockstep.Kernel;
using Lockstep.Kernel.Primitives;
using Lockstep.Machine.Execution;
using Lockstep.Reports;

namespace Lockstep.Checker;

/// <summary>The locks each thread of a machine holds, named as lockdep names their classes (for the HTML trace).</summary>
internal static class HeldLockNames
{
    public static IReadOnlyList<ThreadLocks> Of(MachineExecutor machine)
    {
        var registry = (machine.Program.Provider as KernelPrimitives)?.Services.Lockdep.Registry;
        var result = new List<ThreadLocks>();
        for (var id = 0; id < machine.State.ThreadCount; id++)
        {
            var held = HeldLocks.Of(machine.State.Thread(id));
            var names = new List<string>(held.Count);
            for (var i = 0; i < held.Count; i++)
            {
                var entry = held[i];
                // A class lockdep never registered (lockdep off) is named by its address, as lockdep's fallback does.
                names.Add(registry is not null && registry.TryGet(entry.ClassKey, out var cls) ? cls.PrintedName : $"lock@{entry.Address:x}");
            }
            result.Add(new ThreadLocks(machine.ThreadName(id), names));
        }
        return result;
    }
}
