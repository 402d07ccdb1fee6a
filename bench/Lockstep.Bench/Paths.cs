using Lockstep.Testing;

namespace Lockstep.Bench;

/// <summary>The models the benchmarks run (the root is found by the shared <see cref="RepositoryPaths"/>).</summary>
internal static class Paths
{
    public static string Example(string name) => RepositoryPaths.Example(name);
    public static string Linux(string relative) => RepositoryPaths.Linux(relative);
}
