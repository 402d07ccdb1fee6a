using Lockstep.Kernel.Contexts;
using Lockstep.Kernel.Primitives;

namespace Lockstep.Kernel;

/// <summary>What every primitive shares within one check: the configuration and the lockdep state that
/// accumulates over the whole search.</summary>
public sealed class KernelServices(KernelConfig config)
{
    public KernelConfig Config { get; } = config;
    public LockdepBridge Lockdep { get; } = new(config);
    public SleepCheck Sleep => _sleep ??= new SleepCheck(Config, Lockdep);
    private SleepCheck? _sleep;

    /// <summary>
    /// Names of threads the kernel itself starts (kworkers, timers, SRCU callbacks), as string pointers. They are
    /// interned in the program's string table when it is loaded, so a name costs nothing in the state.
    /// </summary>
    public long ThreadName(string name) => _threadNames.TryGetValue(name, out var v) ? v : 0;

    private readonly Dictionary<string, long> _threadNames = new(StringComparer.Ordinal);

    internal void RegisterThreadName(string name, long value) => _threadNames[name] = value;
}
