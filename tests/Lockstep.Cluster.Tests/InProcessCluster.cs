using Orleans.TestingHost;

namespace Lockstep.Cluster.Tests;

/// <summary>Silos in this process (Orleans' TestingHost), configured as Lockstep's silos are.</summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private InProcessCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }
    public IClusterClient Client => Cluster.Client;

    public static async Task<InProcessCluster> Start(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<LockstepSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new InProcessCluster(cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class LockstepSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            ClusterHosting.ConfigureCommon(silo);
            silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(ClusterHosting.FastFailureDetection);
        }
    }
}

/// <summary>Three silos shared by the tests of a class.</summary>
public sealed class ThreeSilos : IAsyncLifetime
{
    public InProcessCluster Silos { get; private set; } = null!;
    public async Task InitializeAsync() => Silos = await InProcessCluster.Start(3);
    public async Task DisposeAsync() => await Silos.DisposeAsync();
}
