using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lockstep.Cluster;

/// <summary>
/// N silo processes on loopback, started from the same executable as the client (its <c>silo</c> command): the first
/// is the primary, the others join it. Each silo is told to exit when its standard input closes, so closing it stops
/// the silo cleanly, and a client that dies however it dies (its pipes close) takes its silos with it.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>What a silo prints on standard output once it has joined: the client waits for it.</summary>
    public const string ReadyLine = "lockstep silo ready";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<Process> _silos = [];

    private LocalCluster(ClusterAddress primary) => Address = primary;

    public ClusterAddress Address { get; }
    public int Count => _silos.Count;

    /// <summary>Starts <paramref name="count"/> silos with <paramref name="launcher"/> (the executable and the arguments
    /// before the <c>silo</c> command) and waits until each has said it is ready.</summary>
    public static async Task<LocalCluster> Start(int count, SiloLauncher launcher, CancellationToken token)
    {
        var ports = FreePortPairs(count);
        var cluster = new LocalCluster(new ClusterAddress(IPAddress.Loopback.ToString(), ports[0]));
        try
        {
            await cluster.Launch(launcher, ports[0], null, token);
            await Task.WhenAll(ports.Skip(1).Select(p => cluster.Launch(launcher, p, cluster.Address, token)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task Launch(SiloLauncher launcher, int port, ClusterAddress? primary, CancellationToken token)
    {
        var start = new ProcessStartInfo(launcher.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in launcher.Arguments) start.ArgumentList.Add(a);
        foreach (var a in new[] { "silo", "--address", IPAddress.Loopback.ToString(), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--managed" })
            start.ArgumentList.Add(a);
        if (primary is not null)
        {
            start.ArgumentList.Add("--cluster");
            start.ArgumentList.Add(primary.ToString());
        }
        var process = Process.Start(start) ?? throw new ClusterException($"cannot start a silo with '{launcher.FileName}'");
        lock (_silos) _silos.Add(process);
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith(ReadyLine, StringComparison.Ordinal)) continue;
                // Keep draining its output so the silo never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return;
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            throw new ClusterException($"silo on port {port} did not start within {StartTimeout.TotalSeconds:0} s");
        }
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        string text;
        lock (errors) text = errors.ToString().Trim();
        throw new ClusterException($"silo on port {port} exited before it was ready{(text.Length > 0 ? ": " + text : "")}");
    }

    /// <summary>Stops every silo: standard input closed (a clean shutdown), then killed if it has not exited in time.</summary>
    public async ValueTask DisposeAsync()
    {
        Process[] silos;
        lock (_silos) silos = [.. _silos];
        foreach (var p in silos)
        {
            try { p.StandardInput.Close(); }
            catch (Exception e) when (e is IOException or InvalidOperationException) { /* already gone */ }
        }
        foreach (var p in silos)
        {
            try
            {
                await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                try { p.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { /* exited meanwhile */ }
            }
            p.Dispose();
        }
    }

    /// <summary>Ports P with P + 1 also free (silo and gateway), one pair per silo.</summary>
    private static int[] FreePortPairs(int count)
    {
        var ports = new List<int>();
        var held = new List<TcpListener>();
        try
        {
            while (ports.Count < count)
            {
                var first = new TcpListener(IPAddress.Loopback, 0);
                first.Start();
                held.Add(first);
                var port = ((IPEndPoint)first.LocalEndpoint).Port;
                if (port >= 65535) continue;
                var second = new TcpListener(IPAddress.Loopback, port + 1);
                try { second.Start(); }
                catch (SocketException) { continue; }
                held.Add(second);
                ports.Add(port);
            }
        }
        finally
        {
            foreach (var l in held) l.Stop();
        }
        return [.. ports];
    }
}

/// <summary>How to start this executable's <c>silo</c> command: the file and the arguments before the command.</summary>
public sealed record SiloLauncher(string FileName, IReadOnlyList<string> Arguments);
