using System.Net;
using System.Net.Sockets;

namespace Lockstep.Cluster;

/// <summary>
/// Where a cluster is: the host and silo port of its first (primary) silo, "HOST:PORT". Silos join through it (static
/// seed: the primary keeps the membership table); clients connect to its gateway, which listens on PORT + 1.
/// </summary>
public sealed record ClusterAddress(string Host, int Port)
{
    public const int DefaultPort = 11111;

    public int GatewayPort => Port + 1;

    public static ClusterAddress Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        var host = colon >= 0 ? text[..colon] : text;
        var port = DefaultPort;
        if (host.Length == 0 || (colon >= 0 && (!int.TryParse(text.AsSpan(colon + 1), out port) || port is < 1 or > 65534)))
            throw new FormatException($"--cluster must be HOST:PORT with a port between 1 and 65534 (got '{text}')");
        return new ClusterAddress(host, port);
    }

    /// <summary>The primary's silo endpoint (what joining silos seed membership with).</summary>
    public IPEndPoint SiloEndpoint() => new(Resolve(), Port);

    /// <summary>The primary's gateway endpoint (what clients connect to).</summary>
    public IPEndPoint GatewayEndpoint() => new(Resolve(), GatewayPort);

    private IPAddress Resolve()
    {
        if (IPAddress.TryParse(Host, out var address)) return address;
        return Dns.GetHostAddresses(Host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new FormatException($"--cluster: cannot resolve '{Host}' to an IPv4 address");
    }

    public override string ToString() => $"{Host}:{Port}";
}
