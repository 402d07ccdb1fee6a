using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>
/// How large one state may grow. A model that starts threads or allocates without end would otherwise grow every state
/// until the process dies; past a limit the step's successor is not explored and the search ends incomplete, naming the
/// thread and site that went past it.
/// </summary>
public sealed record MachineLimits
{
    /// <summary>Threads one state may hold (finished ones included). The search's thread masks are 64 bits wide.</summary>
    public int MaxThreads { get; init; } = DefaultMaxThreads;
    /// <summary>Memory objects one state may hold: globals, heap objects, address-taken locals, and freed objects something
    /// still points to.</summary>
    public int MaxObjects { get; init; } = DefaultMaxObjects;

    public const int DefaultMaxThreads = 64;
    public const int DefaultMaxObjects = 1024;

    public static MachineLimits Default { get; } = new();
}

/// <summary>What a step went past (<see cref="MachineLimits"/>): facts only, the caller words the report.</summary>
public enum LimitKind
{
    Threads,
    Objects,
}

/// <summary>A step whose successor holds more threads or objects than <see cref="MachineLimits"/> allows.</summary>
public sealed record LimitExceeded(LimitKind Kind, int Limit, int ThreadId, string ThreadName, SourceSite? Site);
