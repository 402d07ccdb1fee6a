namespace Lockstep.Kernel.Lockdep;

/// <summary>An immutable view of one graph edge: <paramref name="From"/> was held when <paramref name="To"/>
/// was acquired, with the kinds seen so far and the stack of the first acquisition that recorded it.</summary>
public sealed record LockDependency(int From, int To, DependencyKinds Kinds, LockTrace Trace);
