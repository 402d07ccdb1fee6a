using Lockstep.Kernel.Lockdep;

namespace Lockstep.Kernel.Splats;

/// <summary>One <c>-&gt; #n (class):</c> entry of "the existing dependency chain (in reverse order)".</summary>
public sealed record CircularChainEntry(int Depth, PrintedClass Class, LockTrace Trace);
