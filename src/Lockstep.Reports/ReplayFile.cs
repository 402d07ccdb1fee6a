using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lockstep.Reports;

/// <summary>
/// A counterexample as a file (schema: docs/schemas/replay.schema.json): the model and every header it read, with
/// content hashes; the options; the search's choices; the bug; and the tool version. Paths are relative to the
/// replay file's folder, so a replay file travels with its model. <c>lockstep replay</c> re-executes it and reports the
/// bug only if it is the recorded one.
/// </summary>
public sealed record ReplayFile(
    string ToolVersion,
    ReplayInput Model,
    IReadOnlyList<ReplayInput> Headers,
    IReadOnlyList<string> Defines,
    IReadOnlyList<string> Configs,
    IReadOnlyList<string> IncludeDirectories,
    string Strategy,
    int? Seed,
    ReplayBug Bug,
    IReadOnlyList<ScheduleChoice> Schedule)
{
    /// <summary>The kernel version the recorded check followed ("v6.19"; null in a file written before it was recorded):
    /// it follows from the model (whose hash is recorded) and the defines, so a replay re-derives it.</summary>
    public string? KernelVersion { get; init; }

    /// <summary>Whether the check merged steps (docs/step-merging.md) and which location classes it left out: a step
    /// of the schedule is a merged transition then, and the replay must merge the same way.</summary>
    public bool StepMerging { get; init; }
    public IReadOnlyList<string> MergeFallbacks { get; init; } = [];

    public const string Format = "lockstep-replay";
    public const int FormatVersion = 2;
    /// <summary>How a header shipped with the tool is named: relative to the tool's include folder, not the replay file.</summary>
    public const string ShippedPrefix = "<lockstep>/";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The replay file of <paramref name="bug"/>, to be written at <paramref name="replayPath"/>.</summary>
    public static ReplayFile Create(CheckResult result, BugReport bug, IReadOnlyList<string> includeDirectories, string replayPath,
        string shippedIncludeDirectory)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(replayPath)) ?? ".";
        var shipped = Path.GetFullPath(shippedIncludeDirectory);
        string Relative(string path)
        {
            var full = Path.GetFullPath(path);
            var inShipped = Path.GetRelativePath(shipped, full);
            if (!inShipped.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(inShipped))
                return ShippedPrefix + inShipped.Replace('\\', '/');
            return Path.GetRelativePath(folder, full).Replace('\\', '/');
        }
        var model = result.Inputs.FirstOrDefault(i => i.IsModel);
        return new ReplayFile(ToolInfo.Version,
            new ReplayInput(Relative(result.Model), model?.Sha256 ?? ""),
            result.Inputs.Where(i => !i.IsModel).Select(i => new ReplayInput(Relative(i.Path), i.Sha256)).ToList(),
            result.Defines, result.Configs,
            includeDirectories.Select(d => Path.GetRelativePath(folder, Path.GetFullPath(d)).Replace('\\', '/')).ToList(),
            result.Strategy, result.Seed,
            new ReplayBug(bug.Kind, bug.Title, bug.Location?.Function ?? "", bug.Thread,
                bug.Location is null ? null : new ReplayLocation(Relative(bug.Location.File), bug.Location.Line, bug.Location.Column), bug.LoopFrom),
            bug.Path)
        {
            KernelVersion = result.Kernel?.Version,
            StepMerging = result.Statistics.StepMerging,
            MergeFallbacks = result.Statistics.MergeFallbackClasses,
        };
    }

    /// <summary>A path recorded in the file, made absolute again for a replay file in <paramref name="replayFolder"/>.</summary>
    public static string Resolve(string recorded, string replayFolder, string shippedIncludeDirectory) =>
        recorded.StartsWith(ShippedPrefix, StringComparison.Ordinal)
            ? Path.GetFullPath(Path.Combine(shippedIncludeDirectory, recorded[ShippedPrefix.Length..]))
            : Path.GetFullPath(Path.Combine(replayFolder, recorded));

    public string ToJson()
    {
        static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
        static JsonObject Input(ReplayInput i) => new() { ["path"] = i.Path, ["sha256"] = i.Sha256 };
        var bug = new JsonObject
        {
            ["kind"] = Bug.Kind,
            ["title"] = Bug.Title,
            ["function"] = Bug.Function,
            ["thread"] = Bug.Thread,
        };
        if (Bug.Location is { } l) bug["location"] = new JsonObject { ["file"] = l.File, ["line"] = l.Line, ["column"] = l.Column };
        if (Bug.LoopFrom is { } loop) bug["loopFrom"] = loop;
        var doc = new JsonObject
        {
            ["format"] = Format,
            ["version"] = FormatVersion,
            ["toolVersion"] = ToolVersion,
            ["kernelVersion"] = KernelVersion,
            ["model"] = Input(Model),
            ["headers"] = new JsonArray(Headers.Select(h => (JsonNode)Input(h)).ToArray()),
            ["options"] = new JsonObject
            {
                ["defines"] = Strings(Defines),
                ["configs"] = Strings(Configs),
                ["includeDirectories"] = Strings(IncludeDirectories),
                ["strategy"] = Strategy,
                ["seed"] = Seed,
                ["stepMerging"] = StepMerging,
                ["mergeFallbacks"] = Strings(MergeFallbacks),
            },
            ["bug"] = bug,
            ["schedule"] = new JsonArray(Schedule.Select(s => (JsonNode)new JsonArray(s.Thread, s.Choice)).ToArray()),
        };
        return doc.ToJsonString(Options) + "\n";
    }

    /// <summary>Parses a replay file; throws <see cref="FormatException"/> naming the field that is wrong.</summary>
    public static ReplayFile Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})", e);
        }
        using (doc)
        {
            var root = new Field(doc.RootElement, "");
            if (root.Optional("format")?.String() != Format)
                throw new FormatException($"not a Lockstep replay file (no \"format\": \"{Format}\")");
            var version = root.Required("version").Int();
            if (version != FormatVersion)
                throw new FormatException($"version: replay format {version} is not this tool's format {FormatVersion}");
            // Read in the file's order, so the first wrong field is the one named.
            var toolVersion = root.Required("toolVersion").String();
            var kernelVersion = root.Optional("kernelVersion") is { IsNull: false } k ? k.String() : null;
            var model = Input(root.Required("model"));
            var headers = root.Required("headers").Items().Select(Input).ToList();
            var options = root.Required("options");
            var defines = options.Required("defines").Items().Select(i => i.String()).ToList();
            var configs = options.Required("configs").Items().Select(i => i.String()).ToList();
            var includes = options.Required("includeDirectories").Items().Select(i => i.String()).ToList();
            var strategy = options.Required("strategy").String();
            int? seed = options.Optional("seed") is { IsNull: false } s ? s.Int() : null;
            var stepMerging = options.Optional("stepMerging") is { } sm && sm.Bool();
            var mergeFallbacks = options.Optional("mergeFallbacks") is { } mf ? mf.Items().Select(i => i.String()).ToList() : [];
            var bug = root.Required("bug");
            var kind = bug.Required("kind").String();
            var title = bug.Required("title").String();
            var function = bug.Required("function").String();
            var thread = bug.Required("thread").String();
            var location = bug.Optional("location") is { } l
                ? new ReplayLocation(l.Required("file").String(), l.Required("line").Int(), l.Required("column").Int())
                : null;
            var loopFrom = bug.Optional("loopFrom") is { } lf ? lf.Int() : (int?)null;
            return new ReplayFile(toolVersion, model, headers, defines, configs, includes, strategy, seed,
                new ReplayBug(kind, title, function, thread, location, loopFrom),
                root.Required("schedule").Items().Select(Choice).ToList())
            {
                KernelVersion = kernelVersion,
                StepMerging = stepMerging,
                MergeFallbacks = mergeFallbacks,
            };
        }

        static ReplayInput Input(Field f) => new(f.Required("path").String(), f.Required("sha256").String());

        static ScheduleChoice Choice(Field f)
        {
            var pair = f.Items().ToList();
            if (pair.Count != 2) throw new FormatException($"{f.Name}: expected [thread, choice]");
            var thread = pair[0].Int();
            var choice = pair[1].Int();
            if (thread < 0) throw new FormatException($"{pair[0].Name}: a thread number is not negative");
            return new ScheduleChoice(thread, choice);
        }
    }

    /// <summary>A JSON value with its path in the file, so every error names the field.</summary>
    private sealed record Field(JsonElement Value, string Name)
    {
        public bool IsNull => Value.ValueKind == JsonValueKind.Null;

        public Field Required(string property) => Optional(property) ?? throw new FormatException($"{Join(property)}: missing");

        public Field? Optional(string property)
        {
            if (Value.ValueKind != JsonValueKind.Object) throw new FormatException($"{(Name.Length == 0 ? "the file" : Name)}: expected an object");
            return Value.TryGetProperty(property, out var v) ? new Field(v, Join(property)) : null;
        }

        public string String() => Value.ValueKind == JsonValueKind.String ? Value.GetString()! : throw new FormatException($"{Name}: expected a string");

        public bool Bool() => Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"{Name}: expected true or false"),
        };
        public int Int() => Value.ValueKind == JsonValueKind.Number && Value.TryGetInt32(out var i) ? i : throw new FormatException($"{Name}: expected an integer");

        public IEnumerable<Field> Items() => Value.ValueKind == JsonValueKind.Array
            ? Value.EnumerateArray().Select((e, i) => new Field(e, $"{Name}[{i}]")).ToList()
            : throw new FormatException($"{Name}: expected an array");

        private string Join(string property) => Name.Length == 0 ? property : $"{Name}.{property}";
    }
}

/// <summary>A file the recorded check read: its path (relative to the replay file, or <c>&lt;lockstep&gt;/…</c>) and SHA-256.</summary>
public sealed record ReplayInput(string Path, string Sha256);

/// <summary>The recorded bug: what a replay must reproduce (kind, function and thread) to be reported as it.
/// <see cref="LoopFrom"/>: for a lasso, the first step of the loop (the schedule's steps from it on repeat forever).</summary>
public sealed record ReplayBug(string Kind, string Title, string Function, string Thread, ReplayLocation? Location, int? LoopFrom = null);

/// <summary>Where the recorded bug was raised.</summary>
public sealed record ReplayLocation(string File, int Line, int Column);
