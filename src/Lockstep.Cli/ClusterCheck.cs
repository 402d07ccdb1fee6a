using System.Globalization;
using Lockstep.Checker;
using Lockstep.Cluster;
using Lockstep.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Lockstep.Cli;

/// <summary>
/// <c>check --silos N</c> and <c>check --cluster ADDR</c>: the check runs on an Orleans cluster, either N silo
/// processes of this executable started on loopback for the check and stopped after it, or a running cluster.
/// </summary>
internal static class ClusterCheck
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);

    public static CheckResult Run(string path, CheckOptions options, int? silos, ClusterAddress? cluster, TextWriter error) =>
        RunAsync(path, options, silos, cluster, error).GetAwaiter().GetResult();

    private static async Task<CheckResult> RunAsync(string path, CheckOptions options, int? silos, ClusterAddress? cluster, TextWriter error)
    {
        var token = options.CancellationToken;
        LocalCluster? local = null;
        try
        {
            if (silos is { } count)
            {
                local = await LocalCluster.Start(count, Launcher(), token);
                cluster = local.Address;
            }
            var address = cluster!;
            Microsoft.Extensions.Hosting.IHost host;
            try { host = await ClusterHosting.StartClient(address, token); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new UsageException($"--cluster: cannot reach a Lockstep cluster at {address} (gateway port {address.GatewayPort}): {e.Message}");
            }
            using (host)
            {
                var client = host.Services.GetRequiredService<IClusterClient>();
                if (silos is { } n)
                {
                    await ClusterHosting.WaitForSilos(client, n, JoinTimeout, token);
                    error.WriteLine($"cluster: {n} silos ready on {address}");
                    error.Flush();
                }
                var search = new ClusterSearch(client);
                var result = await Task.Run(() => search.CheckFile(path, options), CancellationToken.None);
                var run = search.LastRun;
                if (run.FirstSeed is { } seed)
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"cluster: {run.Partitions} silos{(local is not null ? " (local)" : $" at {address}")} sampled with seeds {seed}..{seed + run.Partitions - 1}, one each"));
                else if (run.Partitions > 0)
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"cluster: {run.Partitions} silos{(local is not null ? " (local)" : $" at {address}")}, {run.Levels} levels, {run.Messages} messages, {run.StatesSent} states sent, {(result.Statistics.States > 0 ? (double)run.BytesSent / result.Statistics.States : 0):0.#} bytes sent per state"));
                await host.StopAsync(CancellationToken.None);
                return result;
            }
        }
        catch (ClusterException e)
        {
            throw new UsageException(e.Message);
        }
        catch (OperationCanceledException)
        {
            throw new UsageException("interrupted before the cluster was ready");
        }
        finally
        {
            if (local is not null) await local.DisposeAsync();
        }
    }

    /// <summary>This executable's <c>silo</c> command: the lockstep apphost (installed tool, dotnet run) runs itself;
    /// otherwise (lockstep.dll run by dotnet, or hosted in a test) the dotnet host runs this assembly.</summary>
    private static SiloLauncher Launcher()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(process);
        if (name == "lockstep") return new SiloLauncher(process, []);
        var dotnet = name == "dotnet" ? process : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return new SiloLauncher(dotnet, [typeof(ClusterCheck).Assembly.Location]);
    }
}
