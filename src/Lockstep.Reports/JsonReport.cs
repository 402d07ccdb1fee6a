using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lockstep.Reports;

/// <summary>
/// The JSON report: {"verdict", "toolVersion", "model", ..., "bugs":[{"kind","title","thread","location","trace":[...]}],
/// "stats":{...}}; its schema is docs/schemas/report.schema.json. Text is escaped only where JSON requires it, so a
/// kernel report reads as itself ("+" not "\u002B").
/// </summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Render(CheckResult result)
    {
        var doc = new Dictionary<string, object?>
        {
            ["verdict"] = VerdictExitCodes.Name(result.Verdict),
            ["nonProgressNotChecked"] = result.NonProgressNotChecked,
            ["toolVersion"] = ToolInfo.Version,
            ["model"] = result.Model,
            ["defines"] = result.Defines,
            ["configs"] = result.Configs,
            ["kernel"] = Kernel(result.Kernel),
            ["strategy"] = result.Strategy,
            ["search"] = result.Search,
            ["keepGoing"] = result.KeepGoing,
            ["seed"] = result.Seed,
            ["incompleteReason"] = result.IncompleteReason,
            ["diagnostics"] = result.Diagnostics,
            ["bugs"] = result.Bugs.Select(b => new Dictionary<string, object?>
            {
                ["kind"] = b.Kind,
                ["title"] = b.Title,
                ["thread"] = b.Thread,
                ["location"] = b.Location?.ToString(),
                ["function"] = b.Location?.Function,
                ["report"] = b.Report,
                ["loopFrom"] = b.LoopFrom,
                ["trace"] = b.Trace.Select(Step).ToList(),
            }).ToList(),
            ["stats"] = new Dictionary<string, object?>
            {
                ["states"] = result.Statistics.States,
                ["transitions"] = result.Statistics.Transitions,
                ["storeBytes"] = result.Statistics.StoreBytes,
                ["bytesPerState"] = result.Statistics.BytesPerState,
                ["accessSites"] = result.Statistics.AccessSites,
                ["unclassifiedAccessSites"] = result.Statistics.UnclassifiedAccessSites,
                ["stepMerging"] = result.Statistics.StepMerging,
                ["mergedOperations"] = result.Statistics.MergedOperations,
                ["mergeFallbacks"] = result.Statistics.MergeFallbacks,
                ["maxDepth"] = result.Statistics.MaxDepth,
                ["seconds"] = result.Statistics.Seconds,
                ["statesPerSecond"] = result.Statistics.StatesPerSecond,
                ["peakMemoryBytes"] = result.Statistics.PeakMemoryBytes,
                ["collisionProbability"] = result.Statistics.CollisionProbability,
            },
            ["coverage"] = result.Coverage.IsEmpty ? null : Coverage(result.Coverage),
        };
        return JsonSerializer.Serialize(doc, Options) + "\n";
    }

    /// <summary>The kernel object of the JSON report (SARIF's run properties carry the same).</summary>
    internal static Dictionary<string, object?>? Kernel(KernelTarget? k) =>
        k is null ? null : new() { ["version"] = k.Version, ["versionCode"] = k.Code, ["source"] = k.Source };

    /// <summary>A trace step; "merged" (the operations that ran inside it) only when there are some.</summary>
    private static Dictionary<string, object?> Step(TraceStep s)
    {
        var step = Operation(new() { ["step"] = s.Index, ["thread"] = s.Thread }, s.Location, s.Operation, s.Source);
        if (s.Merged.Count > 0)
            step["merged"] = s.Merged.Select(m => Operation([], m.Location, m.Operation, m.Source)).ToList();
        return step;
    }

    /// <summary>Adds what a step and an operation merged into it both carry: where, what, and the source line.</summary>
    private static Dictionary<string, object?> Operation(Dictionary<string, object?> into, SourceLocation? at, string operation, string source)
    {
        into["location"] = at?.ToString();
        into["function"] = at?.Function;
        into["operation"] = operation;
        into["source"] = source;
        return into;
    }

    private static object Summary(CoverageSummary s) =>
        new { lines = s.Lines, linesReached = s.LinesReached, branchSides = s.BranchSides, branchSidesReached = s.BranchSidesReached };

    /// <summary>The coverage object of the JSON report (SARIF carries the same in its run's property bag).</summary>
    internal static Dictionary<string, object?> Coverage(CoverageReport c) => new()
    {
        ["partial"] = c.Partial,
        ["model"] = Summary(c.Model),
        ["headers"] = Summary(c.Headers),
        ["files"] = c.Files.Select(f => new Dictionary<string, object?>
        {
            ["file"] = f.File,
            ["shipped"] = f.Shipped,
            ["linesReached"] = f.Lines.Count(l => l.Reached),
            ["lines"] = f.Lines.Count,
            ["unreachedLines"] = f.Lines.Where(l => !l.Reached).Select(l => new { line = l.Line, function = l.Function, source = l.Source.Trim() }).ToList(),
            ["branchSidesNotTaken"] = f.Branches.Where(b => !(b.TrueSide && b.FalseSide))
                .Select(b => new { line = b.Line, index = b.Index, function = b.Function, reached = b.Reached, trueSide = b.TrueSide, falseSide = b.FalseSide }).ToList(),
        }).ToList(),
        ["checks"] = c.Checks.Select(k => new { check = k.Check, file = k.File, line = k.Line, function = k.Function, reached = k.Reached }).ToList(),
    };
}
