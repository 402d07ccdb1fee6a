using System.Text.Json;

namespace Lockstep.Reports;

/// <summary>
/// SARIF 2.1.0, for code-scanning tools: one result per bug, ruleId = the bug kind, the failing step as the
/// location and the interleaving as a thread flow.
/// </summary>
public static class SarifReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Render(CheckResult result, int exitCode)
    {
        static object Location(SourceLocation l, string? message = null) => new
        {
            physicalLocation = new
            {
                artifactLocation = new { uri = l.File.Replace('\\', '/') },
                region = new { startLine = l.Line, startColumn = Math.Max(1, l.Column) },
            },
            message = message is null ? null : new { text = message },
        };

        var results = result.Bugs.Select(b => new
        {
            ruleId = b.Kind,
            level = "error",
            message = new { text = b.Title },
            locations = b.Location is null ? Array.Empty<object>() : [Location(b.Location)],
            codeFlows = new[]
            {
                new
                {
                    threadFlows = new[]
                    {
                        new
                        {
                            locations = b.Trace.Where(s => s.Location is not null).Select(s => new
                            {
                                location = Location(s.Location!, $"{s.Thread}: {s.Operation}"),
                            }).ToArray(),
                        },
                    },
                },
            },
        }).ToArray();
        var rules = result.Bugs.Select(b => b.Kind).Distinct().Select(k => new { id = k, name = k }).ToArray();
        var doc = new Dictionary<string, object>
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new[]
            {
                new
                {
                    tool = new { driver = new { name = "lockstep", rules } },
                    results,
                },
            },
        };
        return JsonSerializer.Serialize(doc, Options);
    }
}
