using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// <c>lockstep matrix FILE --variants A,B --config X</c>: checks every variant (one -D name each; BASE = none) under
/// the default configuration and each --config (a comma-joined value combines configs), and prints the Markdown
/// table a reviewer pastes into a reply: variant, config, verdict, first bug kind, where, states, seconds.
/// </summary>
/// <remarks>
/// Each cell is bounded (default 60 s and 1,000,000 states, overridable with --timeout and --max-states) so one large
/// cell cannot hang the table; a progress line per cell goes to stderr; --json writes the rows for tools.
/// With --groups (the actor groups the model declares, <see cref="ActorGroup"/>) a cell runs the variant × config on
/// every selected group, each run bounded as a cell, and reports the worst verdict (bug, then incomplete, then ok)
/// with the group that showed it; after a bug the remaining groups are not run. --list-groups prints the groups.
/// --jobs N checks N cells at the same time (each its own sequential search, non-progress included): the table is
/// the same, printed in its order; a cell's progress lines come together when it ends. Bounds are per cell, and the
/// memory budget is the process's (a cell that finds the process over it stops, incomplete).
/// </remarks>
internal static class MatrixCommand
{
    public const double DefaultCellSeconds = 60;
    public const long DefaultCellStates = 1_000_000;
    private const int MaxJobs = 1024;

    /// <summary>One finished cell: its table row, its JSON object, and whether it was an error.</summary>
    private sealed record MatrixCell(string Row, Dictionary<string, object?> Json, bool Error);

    public const string Name = "matrix";
    public static readonly string Description = $"Check every variant under every config and print a Markdown table of verdicts (each cell bounded: default {DefaultCellSeconds:0} s, {DefaultCellStates:N0} states).";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The model to check." };
        var variants = new Option<string>("--variants") { Description = "Comma-separated -D names, one per row group; BASE means no define." };
        var json = new Option<string?>("--json") { Description = "Also write the table's rows as JSON to this file." };
        var groups = new Option<string?>("--groups") { Description = "Run each cell on the actor groups the model declares (lockstep-group lines): all, quick, or comma-separated names; the cell shows the worst verdict and its group." };
        var listGroups = new Option<bool>("--list-groups") { Description = "List the actor groups the model declares and exit." };
        var jobsOption = SearchOptionSet.WholeInt("--jobs", "Cells checked at the same time, one search each (default 1; the table keeps its order).");
        var model = new ModelOptions("A config column besides the default; X,Y combines configs (PREEMPT_RT, PROVE_RAW_LOCK_NESTING, RTLOCK_IN_NON_BLOCK, QUEUED_RWLOCKS, NO_LOCKDEP).");
        var search = new SearchOptionSet();
        var command = new Command(Name, Description);
        command.Arguments.Add(file);
        command.Options.Add(variants);
        command.Options.Add(json);
        command.Options.Add(groups);
        command.Options.Add(listGroups);
        command.Options.Add(jobsOption);
        model.AddTo(command);
        search.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"model file '{path}' does not exist");
            IReadOnlyList<ActorGroup> declared;
            try { declared = ActorGroup.Read(path); }
            catch (FormatException e) { throw new UsageException(e.Message); }
            if (parse.GetValue(listGroups))
            {
                if (declared.Count == 0) output.WriteLine($"{path} declares no actor groups (lockstep-group lines)");
                foreach (var g in declared)
                    output.WriteLine($"{g.Name,-24} {(g.Quick ? "quick " : "      ")}{string.Join(" ", g.Defines.Select(d => "-D " + d))}");
                return 0;
            }
            var rows = (parse.GetValue(variants) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (rows.Length == 0) throw new UsageException("--variants needs at least one name (BASE for none)");
            IReadOnlyList<ActorGroup>? selected = null;
            if (parse.GetValue(groups) is { } selection)
            {
                if (declared.Count == 0) throw new UsageException($"--groups: {path} declares no actor groups (lockstep-group lines)");
                try { selected = ActorGroup.Select(declared, selection); }
                catch (ArgumentException e) { throw new UsageException($"--groups: {e.Message}"); }
                if (selected.Count == 0) throw new UsageException($"--groups: '{selection}' selects no group");
            }
            var jsonPath = parse.GetValue(json);
            if (jsonPath is not null && OutputFile.Problem(jsonPath) is { } problem) throw new UsageException($"--json: cannot write '{jsonPath}': {problem}");
            var columns = new List<string[]> { Array.Empty<string>() };
            foreach (var c in parse.GetValue(model.Configs) ?? [])
            {
                var combined = c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var name in combined) ConfigNames.Check(name);
                columns.Add(combined);
            }
            var baseOptions = search.Apply(parse, new CheckOptions
            {
                IncludeDirectories = parse.GetValue(model.Includes) ?? [],
                Timeout = TimeSpan.FromSeconds(DefaultCellSeconds),
                MaxStates = DefaultCellStates,
            });
            var common = parse.GetValue(model.Defines) ?? [];
            if (selected is null)
            {
                output.Write("| variant | config | verdict | first bug | where | states | seconds |\n");
                output.Write("| --- | --- | --- | --- | --- | ---: | ---: |\n");
            }
            else
            {
                output.Write("| variant | config | verdict | group | first bug | where | states | seconds |\n");
                output.Write("| --- | --- | --- | --- | --- | --- | ---: | ---: |\n");
            }
            var jobs = parse.GetValue(jobsOption) ?? 1;
            SearchOptionSet.InRange("--jobs", jobs, 1, MaxJobs);
            var plan = new List<(string Variant, string[] Column)>();
            foreach (var variant in rows)
                foreach (var column in columns)
                    plan.Add((variant, column));
            var errors = 0;
            var cells = new List<Dictionary<string, object?>>();
            var total = plan.Count;
            using var interruption = new Interruption();
            var finished = new MatrixCell?[total];
            var printed = 0;
            var gate = new Lock();
            // One cell: its row, its JSON and its progress lines, written to stderr as it runs with one job, and all at
            // once when it ends with several (so that the lines of two cells do not interleave).
            MatrixCell RunCell(int index, TextWriter progress)
            {
                var (variant, column) = plan[index];
                var config = column.Length == 0 ? "default" : string.Join("+", column);
                var options = baseOptions with
                {
                    Defines = variant == "BASE" ? common : [.. common, variant],
                    Configs = column,
                    CancellationToken = interruption.Token,
                };
                if (selected is not null)
                {
                    var cell = RunGroups(path, options, variant, config, selected, $"[{index + 1}/{total}]", progress);
                    return new MatrixCell(cell.Row(), cell.Json(), cell.Worst.Verdict == Verdict.Error);
                }
                progress.Write($"matrix: [{index + 1}/{total}] {variant} × {config} ... ");
                progress.Flush();
                var result = ModelChecker.CheckFile(path, options);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{VerdictExitCodes.Name(result.Verdict)} ({result.Statistics.Seconds:0.0} s)"));
                if (result.Verdict == Verdict.Error)
                    foreach (var d in result.Diagnostics) progress.WriteLine(d);
                return new MatrixCell(Row(variant, config, result), Cell(variant, config, result), result.Verdict == Verdict.Error);
            }
            // Rows are printed in the table's order as soon as every row before them is done.
            void Finish(int index, MatrixCell cell)
            {
                lock (gate)
                {
                    finished[index] = cell;
                    while (printed < total && finished[printed] is { } next)
                    {
                        if (next.Error) errors++;
                        output.Write(next.Row);
                        output.Flush();
                        cells.Add(next.Json);
                        printed++;
                    }
                }
            }
            if (jobs == 1)
            {
                for (var i = 0; i < total; i++)
                {
                    // Interrupted: the cell that was running says so in its row; the cells not started are left out.
                    if (interruption.Token.IsCancellationRequested) break;
                    Finish(i, RunCell(i, error));
                }
            }
            else
            {
                // Cells start in the table's order, so the cells started when an interruption comes are a prefix of it.
                var started = -1;
                var workers = Enumerable.Range(0, Math.Min(jobs, total)).Select(_ => new Thread(() =>
                {
                    int i;
                    while (!interruption.Token.IsCancellationRequested && (i = Interlocked.Increment(ref started)) < total)
                    {
                        var progress = new StringWriter(CultureInfo.InvariantCulture);
                        var cell = RunCell(i, progress);
                        lock (gate) { error.Write(progress.ToString()); error.Flush(); }
                        Finish(i, cell);
                    }
                })).ToList();
                foreach (var w in workers) w.Start();
                foreach (var w in workers) w.Join();
            }
            if (jsonPath is not null)
            {
                var doc = new Dictionary<string, object?> { ["toolVersion"] = ToolInfo.Version, ["model"] = path, ["cells"] = cells };
                var text = JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                try
                {
                    OutputFile.WriteAllText(jsonPath, text + "\n");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"lockstep: error: --json: cannot write '{jsonPath}': {e.Message}");
                    return 2;
                }
            }
            if (interruption.Token.IsCancellationRequested)
            {
                error.WriteLine($"matrix: interrupted after {cells.Count} of {total} cells");
                return 3;
            }
            return errors > 0 ? 2 : 0;
        });
        return command;
    }

    /// <summary>One cell over actor groups: every group's result until the first bug (or error), and the worst.</summary>
    private sealed record GroupCell(string Variant, string Config, IReadOnlyList<(ActorGroup Group, CheckResult Result)> Runs, int Selected)
    {
        private static int Severity(Verdict v) => v switch { Verdict.Error => 3, Verdict.Bug => 2, Verdict.Incomplete => 1, _ => 0 };

        public CheckResult Worst => Runs.MaxBy(r => Severity(r.Result.Verdict)).Result;

        /// <summary>The group that showed the worst verdict; for incomplete every group that could not be exhausted,
        /// for ok how many were exhausted.</summary>
        public string Groups
        {
            get
            {
                var worst = Worst.Verdict;
                if (worst is Verdict.Bug or Verdict.Error) return Runs.First(r => r.Result.Verdict == worst).Group.Name;
                if (worst == Verdict.Incomplete)
                {
                    var incomplete = Runs.Where(r => r.Result.Verdict == Verdict.Incomplete).Select(r => r.Group.Name).ToList();
                    var exhausted = Runs.Where(r => r.Result.Verdict == Verdict.Ok).Select(r => r.Group.Name).ToList();
                    // Name the shorter list: the groups not exhausted, or (when most are) the ones that were.
                    var named = incomplete.Count <= 3 || exhausted.Count >= incomplete.Count
                        ? string.Join(", ", incomplete)
                        : exhausted.Count == 0 ? "every group" : $"all but {string.Join(", ", exhausted)}";
                    return $"{named} ({Selected - incomplete.Count}/{Selected} exhausted)";
                }
                return Selected == 1 ? Runs[0].Group.Name : $"all {Selected}";
            }
        }

        public long States => Runs.Sum(r => r.Result.Statistics.States);
        public double Seconds => Runs.Sum(r => r.Result.Statistics.Seconds);

        public string Row()
        {
            var bug = Worst.FirstBug;
            var where = bug?.Location is { } l ? $"{l.Function} ({Path.GetFileName(l.File)}:{l.Line})" : "";
            var kind = bug is null ? "" : $"{bug.Kind}: {Escape(bug.Title)}";
            return string.Create(CultureInfo.InvariantCulture,
                $"| {Variant} | {Config} | {VerdictExitCodes.Name(Worst.Verdict)} | {Escape(Groups)} | {kind} | {Escape(where)} | {States} | {Seconds:0.0} |\n");
        }

        public Dictionary<string, object?> Json()
        {
            var cell = Cell(Variant, Config, Worst);
            cell["group"] = Groups;
            cell["states"] = States;
            cell["seconds"] = Seconds;
            cell["groups"] = Runs.Select(r => new Dictionary<string, object?>
            {
                ["name"] = r.Group.Name,
                ["verdict"] = VerdictExitCodes.Name(r.Result.Verdict),
                ["incompleteReason"] = r.Result.IncompleteReason,
                ["states"] = r.Result.Statistics.States,
                ["seconds"] = r.Result.Statistics.Seconds,
            }).ToList();
            return cell;
        }
    }

    private static GroupCell RunGroups(string path, CheckOptions options, string variant, string config,
        IReadOnlyList<ActorGroup> groups, string progress, TextWriter error)
    {
        var runs = new List<(ActorGroup, CheckResult)>();
        foreach (var group in groups)
        {
            if (options.CancellationToken.IsCancellationRequested) break;
            error.Write($"matrix: {progress} {variant} × {config} × {group.Name} ... ");
            error.Flush();
            var result = ModelChecker.CheckFile(path, options with { Defines = [.. group.Defines, .. options.Defines] });
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{VerdictExitCodes.Name(result.Verdict)} ({result.Statistics.Seconds:0.0} s)"));
            foreach (var d in result.Verdict == Verdict.Error ? result.Diagnostics : []) error.WriteLine(d);
            runs.Add((group, result));
            if (result.Verdict is Verdict.Bug or Verdict.Error) break;
        }
        return new GroupCell(variant, config, runs, groups.Count);
    }

    private static Dictionary<string, object?> Cell(string variant, string config, CheckResult result)
    {
        var bug = result.FirstBug;
        return new Dictionary<string, object?>
        {
            ["variant"] = variant,
            ["config"] = config,
            ["verdict"] = VerdictExitCodes.Name(result.Verdict),
            ["kernel"] = result.Kernel?.Version,
            ["kind"] = bug?.Kind,
            ["title"] = bug?.Title,
            ["function"] = bug?.Location?.Function,
            ["location"] = bug?.Location?.ToString(),
            ["incompleteReason"] = result.IncompleteReason,
            ["diagnostics"] = result.Diagnostics,
            ["states"] = result.Statistics.States,
            ["seconds"] = result.Statistics.Seconds,
        };
    }

    private static string Row(string variant, string config, CheckResult result)
    {
        var bug = result.FirstBug;
        var where = bug?.Location is { } l ? $"{l.Function} ({Path.GetFileName(l.File)}:{l.Line})" : "";
        var kind = bug is null ? "" : $"{bug.Kind}: {Escape(bug.Title)}";
        var verdict = VerdictExitCodes.Name(result.Verdict);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {variant} | {config} | {verdict} | {kind} | {Escape(where)} | {result.Statistics.States} | {result.Statistics.Seconds:0.0} |\n");
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
}
