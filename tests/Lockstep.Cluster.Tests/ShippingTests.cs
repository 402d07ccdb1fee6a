using Lockstep.Checker;
using Lockstep.Exploration;

namespace Lockstep.Cluster.Tests;

/// <summary>The client ships the model and every header it includes; a silo compiles those texts (it needs no copy of
/// the files) and refuses content whose hash is not the one sent.</summary>
public sealed class ShippingTests(ThreeSilos fixture) : IClassFixture<ThreeSilos>
{
    private const string Header = "#define NR_WORKERS 2\n";
    private const string Model = """
        #include <lockstep/kernel.h>
        #include "workers.h"

        static DEFINE_MUTEX(lock);
        static int done;

        static int worker(void *data)
        {
        	mutex_lock(&lock);
        	done++;
        	mutex_unlock(&lock);
        	return 0;
        }

        int main(void)
        {
        	for (int i = 0; i < NR_WORKERS; i++)
        		kthread_run(worker, NULL, "worker");
        	return 0;
        }
        """;

    [Fact]
    public async Task A_silo_compiles_the_shipped_texts_after_the_files_are_gone()
    {
        var spec = ShipAndDelete();
        Assert.Contains(spec.Files.Keys, k => k.EndsWith("workers.h", StringComparison.Ordinal));
        Assert.Contains(spec.Files.Keys, k => k.EndsWith("kernel.h", StringComparison.Ordinal));
        var partition = fixture.Silos.Client.GetGrain<IPartitionGrain>(PartitionKey.Of(Guid.NewGuid().ToString("N"), 0));
        Assert.Null(await partition.Prepare(spec, 0, 1));
        Assert.Equal(1, await partition.AddInitial());
        await partition.Release();
    }

    [Fact]
    public async Task A_silo_refuses_a_model_whose_content_is_not_what_its_hash_says()
    {
        var spec = ShipAndDelete();
        var header = spec.Files.Keys.Single(k => k.EndsWith("workers.h", StringComparison.Ordinal));
        var tampered = spec with { Files = new Dictionary<string, string>(spec.Files) { [header] = "#define NR_WORKERS 3\n" } };
        var partition = fixture.Silos.Client.GetGrain<IPartitionGrain>(PartitionKey.Of(Guid.NewGuid().ToString("N"), 0));
        var refusal = await partition.Prepare(tampered, 0, 1);
        Assert.NotNull(refusal);
        Assert.Contains("content hash differs", refusal);
    }

    /// <summary>The spec of a model and a local header in a temporary folder, which is then deleted.</summary>
    private static SearchSpec ShipAndDelete()
    {
        var folder = Directory.CreateTempSubdirectory("lockstep-ship").FullName;
        File.WriteAllText(Path.Combine(folder, "workers.h"), Header);
        var path = Path.Combine(folder, "model.c");
        File.WriteAllText(path, Model);
        var spec = ClusterSearch.Ship(path, new CheckOptions { Strategy = SearchStrategy.Bfs });
        Directory.Delete(folder, recursive: true);
        Assert.NotNull(spec);
        return spec;
    }
}
