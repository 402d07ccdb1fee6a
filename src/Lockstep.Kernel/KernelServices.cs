using Lockstep.Kernel.Contexts;
using Lockstep.Kernel.Primitives;

namespace Lockstep.Kernel;

/// <summary>What every primitive shares within one check: the configuration and the lockdep state that
/// accumulates over the whole search.</summary>
public sealed class KernelServices(KernelConfig config)
{
    public KernelConfig Config { get; } = config;
    public LockValidation Lockdep { get; } = new(config);
    public SleepCheck Sleep { get; } = new(config);
}
