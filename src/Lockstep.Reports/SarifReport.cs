using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lockstep.Reports;

/// <summary>
/// SARIF 2.1.0 for code-scanning tools (validated against the official schema by the tests). One run: the tool with
/// every bug kind as a rule (descriptions and help from the catalog), one invocation (exit code, whether it succeeded,
/// notifications for a model error or an incomplete search — so "no results" is never mistaken for "no bugs"), one
/// result per bug with one thread flow per thread whose steps keep the interleaving's global order
/// (<c>executionOrder</c>), and a partial fingerprint so scanners follow a bug across runs and edits.
/// </summary>
public static class SarifReport
{
    /// <summary>Paths are relative to this base, the folder the check ran in.</summary>
    public const string BaseId = "SRCROOT";
    public const string FingerprintName = "lockstepBug/v1";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(CheckResult result, int exitCode, string? workingDirectory = null)
    {
        var root = Path.GetFullPath(workingDirectory ?? Environment.CurrentDirectory);
        var kinds = result.BugKinds.Count > 0
            ? result.BugKinds
            : result.Bugs.Select(b => b.Kind).Distinct().Select(k => new BugKindDescription(k, k, k, "", false)).ToList();
        var ruleIndex = kinds.Select((k, i) => (k.Name, i)).ToDictionary(p => p.Name, p => p.i);
        // A kind missing from the catalog still gets a rule, so every result's ruleIndex is valid.
        foreach (var missing in result.Bugs.Select(b => b.Kind).Distinct().Where(k => !ruleIndex.ContainsKey(k)).ToList())
        {
            ruleIndex[missing] = kinds.Count;
            kinds = [.. kinds, new BugKindDescription(missing, missing, missing, "", false)];
        }
        var run = new JsonObject
        {
            ["tool"] = new JsonObject
            {
                ["driver"] = new JsonObject
                {
                    ["name"] = ToolInfo.Name,
                    ["version"] = ToolInfo.Version,
                    ["semanticVersion"] = ToolInfo.Version,
                    ["rules"] = new JsonArray(kinds.Select(Rule).ToArray()),
                },
            },
            ["originalUriBaseIds"] = new JsonObject
            {
                [BaseId] = new JsonObject
                {
                    ["uri"] = new Uri(root.EndsWith('/') ? root : root + "/").AbsoluteUri,
                    ["description"] = new JsonObject { ["text"] = "The folder lockstep ran in; model paths are relative to it." },
                },
            },
            ["invocations"] = new JsonArray(Invocation(result, exitCode)),
            ["results"] = new JsonArray(result.Bugs.Select(b => Result(b, ruleIndex[b.Kind], root)).ToArray()),
            ["properties"] = new JsonObject
            {
                ["verdict"] = VerdictExitCodes.Name(result.Verdict),
                ["model"] = result.Model,
                ["defines"] = new JsonArray(result.Defines.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["configs"] = new JsonArray(result.Configs.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
                ["kernel"] = result.Kernel is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(JsonReport.Kernel(result.Kernel)),
                ["states"] = result.Statistics.States,
                ["transitions"] = result.Statistics.Transitions,
                // What the search reached: a property of the run, not results (a scanner would list results as findings).
                ["coverage"] = result.Coverage.IsEmpty ? null : System.Text.Json.JsonSerializer.SerializeToNode(JsonReport.Coverage(result.Coverage)),
            },
        };
        var doc = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(run),
        };
        return doc.ToJsonString(Options) + "\n";
    }

    private static JsonNode Rule(BugKindDescription kind)
    {
        var help = new StringBuilder();
        help.Append("Kernel report: ").Append(kind.KernelReport).Append("\n\n").Append(kind.Meaning);
        if (kind.Remedy.Length > 0) help.Append("\n\nRemedy: ").Append(kind.Remedy);
        help.Append("\n\n(lockstep explain ").Append(kind.Name).Append(')');
        return new JsonObject
        {
            ["id"] = kind.Name,
            ["name"] = string.Concat(kind.Name.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
            ["shortDescription"] = new JsonObject { ["text"] = kind.KernelReport },
            ["fullDescription"] = new JsonObject { ["text"] = kind.Meaning },
            ["help"] = new JsonObject { ["text"] = help.ToString() },
            ["defaultConfiguration"] = new JsonObject { ["level"] = "error" },
            ["properties"] = new JsonObject { ["predictive"] = kind.Predictive },
        };
    }

    private static JsonNode Invocation(CheckResult result, int exitCode)
    {
        var notifications = new JsonArray();
        foreach (var d in result.Diagnostics)
            notifications.Add(new JsonObject { ["level"] = "error", ["message"] = new JsonObject { ["text"] = d } });
        if (result.Verdict == Verdict.Incomplete)
        {
            notifications.Add(new JsonObject
            {
                ["level"] = "warning",
                ["message"] = new JsonObject { ["text"] = $"incomplete: {result.IncompleteReason ?? "the search did not cover every interleaving"}; no result does not mean no bug" },
            });
        }
        var invocation = new JsonObject
        {
            // A search that stopped early or a model that did not compile has not established its answer.
            ["executionSuccessful"] = result.Verdict is Verdict.Ok or Verdict.Bug,
            ["exitCode"] = exitCode,
        };
        if (notifications.Count > 0) invocation["toolExecutionNotifications"] = notifications;
        return invocation;
    }

    private static JsonNode Result(BugReport bug, int ruleIndex, string root)
    {
        var result = new JsonObject
        {
            ["ruleId"] = bug.Kind,
            ["ruleIndex"] = ruleIndex,
            ["level"] = "error",
            ["message"] = new JsonObject { ["text"] = $"{bug.Title} (thread {bug.Thread})" },
            ["locations"] = new JsonArray(bug.Location is null ? [] : [Location(bug.Location, null, root)]),
            ["partialFingerprints"] = new JsonObject { [FingerprintName] = Fingerprint(bug, root) },
            ["properties"] = new JsonObject { ["thread"] = bug.Thread, ["report"] = bug.Report },
        };
        if (bug.Trace.Count > 0)
        {
            var flows = new JsonArray();
            foreach (var thread in bug.Trace.GroupBy(s => s.Thread))
            {
                flows.Add(new JsonObject
                {
                    ["id"] = thread.Key,
                    ["message"] = new JsonObject { ["text"] = $"thread {thread.Key}" },
                    // An operation merged into a step (step merging) is a location of its own with the step's order.
                    ["locations"] = new JsonArray(thread.SelectMany(step =>
                        step.Merged.Select(m => (m.Operation, m.Location, m.Source)).Prepend((step.Operation, step.Location, step.Source))
                            .Select(op => (JsonNode)new JsonObject
                            {
                                ["location"] = op.Location is null
                                    ? new JsonObject { ["message"] = new JsonObject { ["text"] = op.Operation } }
                                    : Location(op.Location, $"{op.Operation}: {op.Source}", root),
                                ["executionOrder"] = step.Index,
                            })).ToArray()),
                });
            }
            result["codeFlows"] = new JsonArray(new JsonObject
            {
                ["message"] = new JsonObject { ["text"] = $"the interleaving of {bug.Trace.Count} steps that reaches the bug" },
                ["threadFlows"] = flows,
            });
        }
        return result;
    }

    private static JsonObject Location(SourceLocation l, string? message, string root)
    {
        var artifact = ArtifactLocation(l.File, root);
        var physical = new JsonObject { ["artifactLocation"] = artifact };
        if (l.Line >= 1) physical["region"] = new JsonObject { ["startLine"] = l.Line, ["startColumn"] = Math.Max(1, l.Column) };
        var location = new JsonObject { ["physicalLocation"] = physical };
        if (message is not null) location["message"] = new JsonObject { ["text"] = message };
        return location;
    }

    /// <summary>A path under the working folder is relative to <see cref="BaseId"/>; any other is an absolute file URI.</summary>
    private static JsonObject ArtifactLocation(string file, string root)
    {
        var full = Path.GetFullPath(file, root);
        var relative = Path.GetRelativePath(root, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            return new JsonObject { ["uri"] = new Uri(full).AbsoluteUri };
        return new JsonObject { ["uri"] = string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)), ["uriBaseId"] = BaseId };
    }

    /// <summary>
    /// Kind, file name and function: what identifies a bug across runs. Not the line (an edit above it moves it), not the
    /// title (it may carry addresses), not the trace (a shorter one may be found).
    /// </summary>
    private static string Fingerprint(BugReport bug, string root)
    {
        var file = bug.Location is null ? "" : Path.GetRelativePath(root, Path.GetFullPath(bug.Location.File, root)).Replace('\\', '/');
        var key = $"{bug.Kind}|{file}|{bug.Location?.Function}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }
}
