using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lockstep.Cluster;

namespace Lockstep.Cli;

/// <summary>
/// <c>lockstep silo</c>: a machine of a cluster that runs searches submitted with <c>check --cluster</c>. Without
/// <c>--cluster</c> it is the primary (the seed the others join); it runs until Ctrl-C or SIGTERM.
/// </summary>
internal static class SiloCommand
{
    public const string Name = "silo";
    public const string Description = "Run a silo of a Lockstep cluster (see docs/cluster.md): it compiles and explores the models clients submit.";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var cluster = new Option<string?>("--cluster") { Description = "HOST:PORT of the primary silo to join (omit to be the primary)." };
        var port = new Option<int?>("--port") { Description = $"Port for silo-to-silo traffic (default {ClusterAddress.DefaultPort}); clients connect to the next one (the gateway)." };
        var address = new Option<string?>("--address") { Description = "The address other machines reach this one at (default: this machine's first IPv4 address)." };
        // Started by check --silos: stop when the client closes standard input, and leave Ctrl-C to the client.
        var managed = new Option<bool>("--managed") { Hidden = true };
        var command = new Command(Name, Description);
        command.Options.Add(cluster);
        command.Options.Add(port);
        command.Options.Add(address);
        command.Options.Add(managed);
        command.SetAction(parse =>
        {
            var primary = parse.GetValue(cluster) is { } text ? Parse(text) : null;
            var siloPort = parse.GetValue(port) ?? ClusterAddress.DefaultPort;
            if (siloPort is < 1 or > 65534) throw new UsageException($"--port must be between 1 and 65534 (got {siloPort})");
            var ip = parse.GetValue(address) is { } a
                ? IPAddress.TryParse(a, out var parsed) ? parsed : throw new UsageException($"--address must be an IP address (got '{a}')")
                : DefaultAddress();
            var isManaged = parse.GetValue(managed);
            using var stop = new CancellationTokenSource();
            var registrations = new List<PosixSignalRegistration>();
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    // A managed silo shares the terminal's Ctrl-C with its client, which stops it when it is done.
                    if (!(isManaged && signal == PosixSignal.SIGINT)) stop.Cancel();
                }));
            }
            try
            {
                using var host = ClusterHosting.BuildSilo(ip, siloPort, primary, fastFailureDetection: isManaged);
                host.StartAsync(stop.Token).GetAwaiter().GetResult();
                output.WriteLine(FormattableString.Invariant($"{LocalCluster.ReadyLine}: {ip}:{siloPort} (gateway {siloPort + 1}){(primary is null ? ", primary" : $", joined {primary}")}"));
                output.Flush();
                if (isManaged)
                    _ = Task.Run(() => { Console.In.ReadToEnd(); stop.Cancel(); });
                stop.Token.WaitHandle.WaitOne();
                using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10))) host.StopAsync(grace.Token).GetAwaiter().GetResult();
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (Exception e) when (e is SocketException or Orleans.Runtime.OrleansException or IOException)
            {
                error.WriteLine($"lockstep: error: the silo could not start on {ip}:{siloPort}: {e.Message}");
                return 2;
            }
            finally
            {
                foreach (var r in registrations) r.Dispose();
            }
        });
        return command;
    }

    public static ClusterAddress Parse(string text)
    {
        try { return ClusterAddress.Parse(text); }
        catch (FormatException e) { throw new UsageException(e.Message); }
    }

    private static IPAddress DefaultAddress() =>
        Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;
}
