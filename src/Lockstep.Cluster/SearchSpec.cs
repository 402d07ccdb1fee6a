using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Cluster;

/// <summary>
/// A search as the client ships it to every silo: the model and every file its compilation read (so remote machines
/// need no copy), the hash of that content and of each file as the client read them, and the options that change
/// what is explored. Each silo compiles it itself and refuses a mismatch.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SearchSpec
{
    [Id(0)] public required string ModelPath { get; init; }
    [Id(1)] public required Dictionary<string, string> Files { get; init; }
    [Id(2)] public required string[] IncludeDirectories { get; init; }
    /// <summary><see cref="ShippedModel.Hash"/> of the files as sent.</summary>
    [Id(3)] public required string ContentHash { get; init; }
    /// <summary>(path, SHA-256) of every file the client's compilation read, in the order it read them.</summary>
    [Id(4)] public required string[] InputHashes { get; init; }
    [Id(5)] public string[] Defines { get; init; } = [];
    [Id(6)] public string[] Configs { get; init; } = [];
    [Id(7)] public int MaxAllocFailures { get; init; }
    [Id(8)] public bool Coverage { get; init; }
    [Id(9)] public int? MaxDepth { get; init; }
    [Id(10)] public long? MaxStates { get; init; }
    [Id(11)] public long? MaxMemoryBytes { get; init; }
    [Id(12)] public SearchStrategy Strategy { get; init; }
    [Id(13)] public int Schedules { get; init; }
    [Id(14)] public int PctDepth { get; init; }
    [Id(15)] public int MaxThreads { get; init; } = Machine.Execution.MachineLimits.DefaultMaxThreads;
    [Id(16)] public int MaxObjects { get; init; } = Machine.Execution.MachineLimits.DefaultMaxObjects;

    public ShippedModel Model => new(ModelPath, Files, IncludeDirectories);

    /// <summary>The check options a silo compiles and explores with (without the search's own bounds, which the
    /// coordinator enforces for the whole cluster).</summary>
    public CheckOptions ToCheckOptions() => new()
    {
        Shipped = Model,
        Defines = Defines,
        Configs = Configs,
        MaxAllocFailures = MaxAllocFailures,
        Coverage = Coverage,
        Strategy = Strategy,
        MaxDepth = MaxDepth,
        MaxMemoryBytes = MaxMemoryBytes,
        Schedules = Schedules,
        PctDepth = PctDepth,
        Limits = new Machine.Execution.MachineLimits { MaxThreads = MaxThreads, MaxObjects = MaxObjects },
    };

    public static string Describe(InputFile input) => input.Path + "\0" + input.Sha256;
}
