using System.Text.Json.Nodes;
using Json.Schema;

namespace Lockstep.Testing;

/// <summary>
/// The JSON Schemas every file the tests write is validated against: the official SARIF 2.1.0 schema (from the npm
/// package @microsoft/jest-sarif, which .ci/run installs into .ci/node) and the report and replay schemas in docs/schemas.
/// A missing schema fails the test that needs it, with the command that fetches it.
/// </summary>
internal static class Schemas
{
    public const string SarifInstallCommand = "npm install --prefix .ci/node @microsoft/jest-sarif";
    public static string SarifSchemaPath => Path.Combine(RepositoryPaths.Root, ".ci", "node", "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");

    private static readonly Lazy<JsonSchema> SarifSchema = new(LoadSarif);
    private static readonly Lazy<JsonSchema> ReportSchema = new(() => Load(Path.Combine(RepositoryPaths.Root, "docs", "schemas", "report.schema.json")));
    private static readonly Lazy<JsonSchema> ReplaySchema = new(() => Load(Path.Combine(RepositoryPaths.Root, "docs", "schemas", "replay.schema.json")));

    public static void AssertValidSarif(string json) => AssertValid(SarifSchema.Value, json, "SARIF 2.1.0");
    public static void AssertValidReport(string json) => AssertValid(ReportSchema.Value, json, "docs/schemas/report.schema.json");
    public static void AssertValidReplay(string json) => AssertValid(ReplaySchema.Value, json, "docs/schemas/replay.schema.json");

    private static JsonSchema LoadSarif()
    {
        var path = SarifSchemaPath;
        if (!File.Exists(path))
            throw new FileNotFoundException($"the SARIF 2.1.0 schema is missing; from the repository root run: {SarifInstallCommand}", path);
        // The schema declares draft-04, which the validator does not implement; it uses no keyword whose meaning
        // changed between draft-04 and draft-07 (no boolean exclusiveMinimum/Maximum), so it is read as draft-07.
        var text = File.ReadAllText(path).Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal);
        return JsonSchema.FromText(text);
    }

    private static JsonSchema Load(string path) =>
        File.Exists(path) ? JsonSchema.FromFile(path) : throw new FileNotFoundException($"schema {path} is missing", path);

    private static void AssertValid(JsonSchema schema, string json, string name)
    {
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .Take(20);
        Assert.Fail($"not valid against {name}:\n{string.Join("\n", errors)}");
    }
}
