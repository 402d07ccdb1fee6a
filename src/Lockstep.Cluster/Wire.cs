using System.Text.Json;
using Lockstep.Kernel.Lockdep;
using Lockstep.Reports;

namespace Lockstep.Cluster;

/// <summary>
/// The types of other layers that cross the wire (a lockdep snapshot, a bug report) travel as JSON bytes, so those
/// layers stay free of Orleans' serializer attributes.
/// </summary>
internal static class Wire
{
    private static readonly JsonSerializerOptions Options = new() { IncludeFields = false };

    public static byte[] Encode(LockdepSnapshot snapshot) => JsonSerializer.SerializeToUtf8Bytes(snapshot, Options);

    public static LockdepSnapshot DecodeGraph(byte[] bytes) =>
        JsonSerializer.Deserialize<LockdepSnapshot>(bytes, Options) ?? throw new InvalidDataException("empty lockdep snapshot");

    public static byte[] Encode(BugReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Options);

    public static BugReport DecodeBug(byte[] bytes) =>
        JsonSerializer.Deserialize<BugReport>(bytes, Options) ?? throw new InvalidDataException("empty bug report");
}
