using System.Text.Json;

namespace Lockstep.Reports;

/// <summary>
/// A counterexample as a file: the model, the options it was checked with, and the schedule. <c>lockstep replay</c>
/// re-executes it step for step. Written whole or not at all (<see cref="AtomicFile"/>).
/// </summary>
public sealed record ReplayFile(string Model, IReadOnlyList<string> Defines, IReadOnlyList<string> Configs,
    IReadOnlyList<string> IncludeDirectories, string Kind, string Title, IReadOnlyList<ScheduleChoice> Schedule)
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(new
    {
        format = "lockstep-replay",
        version = FormatVersion,
        model = Model,
        defines = Defines,
        configs = Configs,
        includeDirectories = IncludeDirectories,
        kind = Kind,
        title = Title,
        schedule = Schedule.Select(s => new[] { s.Thread, s.Choice }),
    }, Options);

    /// <summary>Parses a replay file; throws <see cref="FormatException"/> with a readable message when it is not one.</summary>
    public static ReplayFile Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (!root.TryGetProperty("format", out var format) || format.GetString() != "lockstep-replay")
                throw new FormatException("not a Lockstep replay file (no \"format\": \"lockstep-replay\")");
            static IReadOnlyList<string> Strings(JsonElement e, string name) =>
                e.TryGetProperty(name, out var a) ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
            var schedule = root.GetProperty("schedule").EnumerateArray()
                .Select(x => new ScheduleChoice(x[0].GetInt32(), x[1].GetInt32())).ToList();
            return new ReplayFile(root.GetProperty("model").GetString() ?? "", Strings(root, "defines"), Strings(root, "configs"),
                Strings(root, "includeDirectories"),
                root.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "",
                root.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "", schedule);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"malformed replay file: {e.Message}", e);
        }
    }
}
