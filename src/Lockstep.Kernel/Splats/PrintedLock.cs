namespace Lockstep.Kernel.Splats;

/// <summary>A held (or wanted) lock as <c>print_lock</c> shows it: instance address, class, acquire site.</summary>
public sealed record PrintedLock(long Instance, PrintedClass Class, string Function, string Location);
