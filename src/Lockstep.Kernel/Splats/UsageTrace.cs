using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>One usage bit of a class and the stack that set it ("IN-HARDIRQ-W at:").</summary>
public sealed record UsageTrace(string Usage, LockTrace Trace);
