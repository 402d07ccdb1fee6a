using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Lockstep.Cluster;

/// <summary>How Lockstep's silos and clients are configured: one cluster id, the partition placement, membership
/// seeded by the primary silo (Orleans' development clustering: a static seed, no database), and messages that may
/// take as long as a level does.</summary>
public static class ClusterHosting
{
    public const string ClusterId = "lockstep";

    /// <summary>A client's calls wait for a whole level; a lost silo is noticed by membership, not by a timeout.</summary>
    private static readonly TimeSpan LevelTimeout = TimeSpan.FromDays(1);

    /// <summary>
    /// A silo listening on <paramref name="address"/>:<paramref name="port"/> (gateway on port + 1) that joins the
    /// cluster whose primary is <paramref name="primary"/>, or is the primary when null. With
    /// <paramref name="fastFailureDetection"/> (machines on one host) a silo that stops answering is declared dead in
    /// seconds instead of Orleans' default of about a minute.
    /// </summary>
    public static IHost BuildSilo(IPAddress address, int port, ClusterAddress? primary, bool fastFailureDetection, LogLevel logLevel = LogLevel.Warning)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging, logLevel);
        builder.UseOrleans(silo => ConfigureSilo(silo, address, port, primary?.SiloEndpoint() ?? new IPEndPoint(address, port), fastFailureDetection));
        return builder.Build();
    }

    /// <summary>The silo configuration, also used by the tests' in-process clusters.</summary>
    public static void ConfigureSilo(ISiloBuilder silo, IPAddress address, int port, IPEndPoint primary, bool fastFailureDetection)
    {
        silo.UseDevelopmentClustering(primary);
        silo.ConfigureEndpoints(address, port, port + 1, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
        silo.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = ClusterId; });
        ConfigureCommon(silo);
        if (fastFailureDetection) silo.Configure<ClusterMembershipOptions>(FastFailureDetection);
    }

    /// <summary>What every silo needs whatever its membership: the placement of partitions and long messages.</summary>
    public static void ConfigureCommon(ISiloBuilder silo)
    {
        silo.Services.AddPlacementDirector<PartitionPlacement, PartitionPlacementDirector>();
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = LevelTimeout);
    }

    public static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>A started client connected to the gateway of <paramref name="cluster"/>.</summary>
    public static async Task<IHost> StartClient(ClusterAddress cluster, CancellationToken token = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The client's output is the check's: Orleans' own failures surface as exceptions the search turns into verdicts.
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(cluster.GatewayEndpoint());
            client.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = ClusterId; });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = LevelTimeout);
        });
        var host = builder.Build();
        await host.StartAsync(token);
        return host;
    }

    /// <summary>Waits until membership lists <paramref name="count"/> active silos (joining takes a moment after a silo
    /// has started).</summary>
    public static async Task WaitForSilos(IClusterClient client, int count, TimeSpan timeout, CancellationToken token = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            if (hosts.Count >= count) return;
            if (clock.Elapsed > timeout) throw new ClusterException($"only {hosts.Count} of {count} silos joined the cluster within {timeout.TotalSeconds:0} s");
            await Task.Delay(100, token);
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(level);
        logging.AddSimpleConsole(o => o.SingleLine = true);
        // stdout belongs to whoever started the silo (the check it serves); log lines go to stderr.
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter("Orleans", level);
        logging.AddFilter("Microsoft", level);
        // Its notes on the GC mode and its watchdog's complaints about a busy machine are not the user's concern.
        logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
    }
}
