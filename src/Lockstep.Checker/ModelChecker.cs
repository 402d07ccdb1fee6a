using Lockstep.Exploration;
using Lockstep.Kernel;
using Lockstep.Kernel.Bugs;
using Lockstep.Machine.Analysis;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;
using Lockstep.Reports;

namespace Lockstep.Checker;

/// <summary>
/// The one public entry point the CLI, the tests and the benchmarks call: load a model (file or text) with its
/// options, check it, and get a <see cref="CheckResult"/> back.
/// </summary>
public static class ModelChecker
{
    /// <summary>Checks the model file at <paramref name="path"/>.</summary>
    public static CheckResult CheckFile(string path, CheckOptions? options = null) =>
        Check(ModelSource.FromFile(path), options ?? new CheckOptions());

    /// <summary>Checks model text given as a string (<paramref name="virtualName"/> is used in diagnostics and traces).</summary>
    public static CheckResult CheckText(string text, CheckOptions? options = null, string virtualName = "model.c") =>
        Check(ModelSource.FromText(text, virtualName), options ?? new CheckOptions());

    /// <summary>The catalog of bug kinds as the reports describe them.</summary>
    public static IReadOnlyList<BugKindDescription> BugKinds { get; } =
        BugKindCatalog.All.Select(k => new BugKindDescription(k.Name, k.KernelReport, k.Meaning, k.Remedy, k.Predictive)).ToList();

    public static CheckResult Check(ModelSource source, CheckOptions options) => CheckWithoutCatalog(source, options) with { BugKinds = BugKinds };

    private static CheckResult CheckWithoutCatalog(ModelSource source, CheckOptions options)
    {
        var primitives = new KernelPrimitives(ModelCompilation.KernelConfigFor(source, options));
        var compiled = ModelCompilation.Compile(source, options, primitives);
        if (compiled.Program is null)
            return CheckResult.FromDiagnostics(compiled.Diagnostics, source.Name) with { Defines = options.Defines, Configs = options.Configs, Inputs = compiled.Inputs };
        // Interrupted while compiling: the search below sees the cancelled token at once and says so (incomplete).
        var kernel = compiled.Kernel;
        return Check(compiled.Program, primitives, options, source.Name) with
        {
            Inputs = compiled.Inputs,
            Kernel = new KernelTarget(kernel.Version.ToString(), kernel.Version.Code, kernel.Source),
        };
    }

    /// <summary>Checks an already lowered program against a set of primitives.</summary>
    public static CheckResult Check(IrProgram program, KernelPrimitives primitives, CheckOptions options, string modelName = "")
    {
        // A search elsewhere (a cluster) compiles the model again on every silo, without merging.
        if (!options.StepMerging || options.ExternalSearch is not null) return Check(program, primitives, options, modelName, null, []);
        // Step merging rests on a locking discipline the search checks: an access that breaks it voids the search, which
        // starts again (with a fresh lockdep) without merging for that class. Each round leaves out one more class.
        var classes = program.LocationClasses ?? [];
        var fallbacks = new HashSet<int>(options.MergeFallbackClasses.Select(name => IndexOf(classes, name)).Where(i => i >= 0));
        var reasons = new List<string>(fallbacks.Select(c => $"{classes[c]}: left out as recorded"));
        while (true)
        {
            try
            {
                return Check(program, primitives, options, modelName, fallbacks, reasons);
            }
            catch (Exception e) when (Violation(e) is { } violation && fallbacks.Add(violation.ClassId))
            {
                reasons.Add(violation.Message);
                primitives = new KernelPrimitives(primitives.Services.Config);
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }

    private static DisciplineViolationException? Violation(Exception e) => e switch
    {
        DisciplineViolationException v => v,
        AggregateException a => a.Flatten().InnerExceptions.Select(Violation).FirstOrDefault(v => v is not null),
        _ => null,
    };

    private static CheckResult Check(IrProgram program, KernelPrimitives primitives, CheckOptions options, string modelName,
        IReadOnlySet<int>? fallbacks, IReadOnlyList<string> fallbackReasons)
    {
        var loaded = new LoadedProgram(program, primitives);
        if (fallbacks is not null) loaded.MergeSteps(fallbacks);
        var reached = options.Coverage ? new Coverage(program) : null;
        var probe = new MachineExecutor(loaded) { Coverage = reached };
        if (options.AuditFootprints) probe.Auditor = new FootprintAuditor(primitives);
        var initialBug = probe.Initialize();
        var system = new MachineTransitionSystem(loaded, options.AuditFootprints) { CollectCoverage = reached is not null, Limits = options.Limits };
        SearchResult search;
        if (initialBug is not null)
        {
            search = new SearchResult(SearchOutcome.Bug, IncompleteReason.None,
                [new Counterexample(new ModelBug(initialBug), [])], EmptyStatistics());
        }
        else if (options.ExternalSearch is { } external)
        {
            search = external(new SearchRequest(loaded, primitives, system, reached, options.ToSearchOptions()));
        }
        else
        {
            search = Search.Run(system, options.ToSearchOptions());
        }
        if (reached is not null) system.ReachedCoverage(reached);
        if (search.Bugs.Count > 0 && (MisuseDiagnostic(loaded, search.Bugs[0].Bug, modelName) ?? (search.Bugs[0].Bug as DescribedBug)?.Misuse) is { } misuse)
            return CheckResult.FromDiagnostics([misuse], modelName) with { Defines = options.Defines, Configs = options.Configs };
        var described = search.Bugs
            .Select((c, i) => (Found: c, Report: c.Bug is DescribedBug known ? known.Report : Describe(loaded, primitives, options, c, first: i == 0)))
            .ToList();
        // --keep-going: one report per distinct bug — kind, function and thread — the first found (the search already
        // keeps one path per kind and title).
        if (!options.StopAtFirstBug)
            described = [.. described.DistinctBy(d => (d.Report.Kind, d.Report.Location?.Function, d.Report.Thread))];
        var bugs = described.Select(d => d.Report).ToList();
        // Predictive lockdep reports (an inversion or irq-safety violation) rest on a dependency recorded on some earlier
        // path: the depth-first trace usually shows the thread that recorded it, the shortest one does not, so they
        // keep theirs.
        // A lasso is found only by the depth-first search's cycle check: a breadth-first one cannot shorten it.
        // The first bug gets the whole shortening; the others (--keep-going) their causal past, which costs a replay.
        if (options.ShortenCounterexamples && options.ReplayPath is null && options.Strategy == SearchStrategy.Dfs)
        {
            for (var i = 0; i < bugs.Count; i++)
            {
                if (BugKindCatalog.Find(bugs[i].Kind) is { Predictive: true } || described[i].Found.Bug is not ModelBug) continue;
                bugs[i] = i == 0
                    ? Shorten(loaded, options, bugs[0], described[0].Found, search.Statistics.States)
                    : ShortenCausally(loaded, options, bugs[i], described[i].Found);
            }
        }
        var verdict = search.Outcome switch
        {
            SearchOutcome.Ok => Verdict.Ok,
            SearchOutcome.Bug => Verdict.Bug,
            _ => Verdict.Incomplete,
        };
        var s = search.Statistics;
        return new CheckResult(verdict, bugs,
            new CheckStatistics(s.States, s.Transitions, s.MaxDepth, s.Elapsed.TotalSeconds, s.StatesPerSecond, s.PeakMemoryBytes, s.CollisionProbability)
            {
                StoreBytes = s.StoreBytes,
                AccessSites = loaded.Future?.AccessSites ?? 0,
                UnclassifiedAccessSites = loaded.Future?.UnclassifiedAccessSites ?? 0,
                StepMerging = fallbacks is not null,
                MergedOperations = system.MergedOperations(),
                MergeFallbacks = fallbackReasons,
                MergeFallbackClasses = fallbacks is null ? [] : [.. fallbacks.Select(c => program.LocationClasses![c])],
            },
            verdict == Verdict.Incomplete ? DescribeIncomplete(search) : null, [])
        {
            Model = modelName,
            Defines = options.Defines,
            Configs = options.Configs,
            Strategy = options.Strategy.ToString().ToLowerInvariant(),
            Search = options.ExternalSearch is null ? SearchDescription.Of(options.ToSearchOptions())
                : options.ExternalSearchDescription ?? "an external search",
            KeepGoing = !options.StopAtFirstBug,
            NonProgressNotChecked = NonProgressNotChecked(options),
            Seed = search.Seed,
            LockGraph = LockGraphOf(primitives),
            Coverage = reached is null ? CoverageReport.None : CoverageBuilder.Build(loaded, reached,
                partial: verdict == Verdict.Incomplete || verdict == Verdict.Bug && options.StopAtFirstBug),
            AuditedPrimitives = options.AuditFootprints ? system.Audited() : new Dictionary<string, int>(),
        };
    }

    /// <summary>
    /// An input error of the model (a nondet_int range) raised as a bug: not a finding but a diagnostic
    /// (file:line:col, verdict error). Null for any other bug.
    /// </summary>
    public static string? MisuseDiagnostic(LoadedProgram loaded, IBug bug, string modelName)
    {
        if (bug is not ModelBug { Bug: { Detail: ModelMisuse misuse } misused }) return null;
        var site = loaded.Site(misused.Site);
        var where = site is null ? modelName : $"{site.File}:{site.Line}:{site.Column}";
        return $"{where}: error: {misuse.Message}";
    }

    /// <summary>
    /// The report of one counterexample: its trace replayed on <paramref name="loaded"/>, the lock classes of a lockdep
    /// cycle, and for the <paramref name="first"/> bug of a direct inversion the interleaving that recorded the other
    /// half. <paramref name="primitives"/> are the ones the bug was found with (the report depends on their lockdep).
    /// </summary>
    public static BugReport Describe(LoadedProgram loaded, KernelPrimitives primitives, CheckOptions options, Counterexample counterexample, bool first)
    {
        var bug = TraceBuilder.Build(loaded, counterexample) with { LockCycle = LockCycleOf((counterexample.Bug as ModelBug)?.Bug.Detail) };
        if (first && counterexample.Bug is ModelBug { Bug.Detail: Kernel.Splats.CircularLockingReport inversion })
            bug = WithDependencyOrigin(loaded.Program, primitives.Services.Config, options, bug, inversion);
        return bug;
    }

    /// <summary>
    /// A depth-first counterexample is seldom the shortest. First leave out the steps the bug does not depend on
    /// (<see cref="CausalPast"/>: the same bug, replayed); then search breadth-first, no deeper than that, within a
    /// budget in states (<see cref="CheckOptions.ShortestSearchStates"/>), for the same bug (kind and place: other bugs
    /// end their paths there); if that finds it in the same thread by a shorter interleaving, report that one instead.
    /// </summary>
    private static BugReport Shorten(LoadedProgram loaded, CheckOptions options, BugReport found, Counterexample counterexample, long searchStates)
    {
        var wanted = ((ModelBug)counterexample.Bug).Bug;
        found = ShortenCausally(loaded, options, found, counterexample);
        var bfs = new SearchOptions
        {
            Strategy = SearchStrategy.Bfs,
            PartialOrderReduction = false,
            MaxDepth = found.Trace.Count,
            // Breadth-first without reduction grows fast with depth: shortening may cost about as much as the search,
            // and a few tenths of a second for a small one, never more.
            MaxStates = Math.Max(options.ShortestSearchStates, 2 * searchStates),
            Timeout = options.ShortestSearchBudget,
            MaxMemoryBytes = options.MaxMemoryBytes,
            CancellationToken = options.CancellationToken,
        };
        // Another bug nearer to the start (a failed allocation's NULL dereference, say) must not end the search: the
        // report is about this one.
        var sameBug = new TargetBugTransitionSystem(new MachineTransitionSystem(loaded) { Limits = options.Limits }, bug => IsSameBug(bug, wanted));
        var result = Search.Run(sameBug, bfs);
        if (result.Bugs.Count == 0) return found;
        var shorter = TraceBuilder.Build(loaded, result.Bugs[0]);
        return shorter.Kind == found.Kind && shorter.Thread == found.Thread && shorter.Location == found.Location
            && shorter.Trace.Count < found.Trace.Count ? shorter : found;
    }

    /// <summary>The report for the bug's causal past (<see cref="CausalPast"/>), or <paramref name="found"/> when no step can
    /// be left out or the shorter interleaving does not end in the same bug in the same thread.</summary>
    private static BugReport ShortenCausally(LoadedProgram loaded, CheckOptions options, BugReport found, Counterexample counterexample)
    {
        var wanted = ((ModelBug)counterexample.Bug).Bug;
        var system = new MachineTransitionSystem(loaded) { Limits = options.Limits };
        if (CausalPast.Shorten(system, counterexample, bug => IsSameBug(bug, wanted)) is not { } causal) return found;
        var pruned = TraceBuilder.Build(loaded, causal);
        return pruned.Kind == found.Kind && pruned.Thread == found.Thread && pruned.Location == found.Location
            ? pruned with { LockCycle = found.LockCycle }
            : found;
    }

    /// <summary>The same bug for shortening: the same kind at the same place (the thread is compared on the report).</summary>
    private static bool IsSameBug(IBug bug, MachineBug wanted) =>
        bug is ModelBug { Bug: var b } && b.Kind == wanted.Kind && b.Site == wanted.Site;

    /// <summary>
    /// Lockdep predicts an inversion from a dependency recorded on some earlier path. For a direct inversion (two
    /// locks), find the shortest interleaving that records that dependency — on a fresh lockdep, breadth-first, within
    /// a budget — and append it to the report, so both halves of the deadlock are shown as the model ran them.
    /// </summary>
    private static BugReport WithDependencyOrigin(IrProgram program, KernelConfig config, CheckOptions options, BugReport bug,
        Kernel.Splats.CircularLockingReport inversion)
    {
        if (inversion.Chain.Count > 2 || options.ReplayPath is not null) return bug;
        var from = inversion.Acquiring.Class.Name;
        var to = inversion.AlreadyHeld.Class.Name;
        // A fresh lockdep, so the dependency is not known before the interleaving that records it.
        var fresh = new KernelPrimitives(config);
        var lockdep = fresh.Services.Lockdep;
        var loaded = new LoadedProgram(program, fresh);
        // Only the goal ends the search: a bug of the model on the way ends that path alone.
        var goal = new TargetBugTransitionSystem(
            new GoalTransitionSystem(new MachineTransitionSystem(loaded) { Limits = options.Limits }, () => lockdep.HasDependency(from, to)),
            bug => bug is GoalTransitionSystem.GoalReached);
        var result = Search.Run(goal, new SearchOptions
        {
            Strategy = SearchStrategy.Bfs,
            PartialOrderReduction = false,
            Timeout = options.ShortestSearchBudget,
            MaxMemoryBytes = options.MaxMemoryBytes,
            CancellationToken = options.CancellationToken,
        });
        if (result.Bugs.Count == 0 || result.Bugs[0].Bug is not GoalTransitionSystem.GoalReached) return bug;
        var origin = TraceBuilder.Steps(loaded, result.Bugs[0].Path);
        var recording = origin[^1];
        var text = new System.Text.StringBuilder(bug.Report.TrimEnd('\n'));
        text.Append($"\n\nThe dependency ({from}) -> ({to}) that this inversion closes was recorded by {recording.Thread} ");
        text.Append($"({recording.Location}); the shortest interleaving that records it:\n");
        TextReport.AppendTrace(text, origin);
        return bug with { Report = text.ToString(), DependencyOrigin = origin };
    }

    /// <summary>
    /// The classes of a lockdep report's cycle, for the DOT graph: a circular report's acquiring class, its recorded
    /// chain, and the held class (held → acquiring is the acquisition that closes it); recursive locking's one class.
    /// </summary>
    private static IReadOnlyList<string> LockCycleOf(object? detail) => detail switch
    {
        Kernel.Splats.CircularLockingReport c =>
            new[] { c.Acquiring.Class.Name }.Concat(c.Chain.Select(e => e.Class.Name)).Append(c.AlreadyHeld.Class.Name).Distinct().ToList(),
        Kernel.Splats.RecursiveLockingReport r => [r.Acquiring.Class.Name],
        _ => [],
    };

    /// <summary>Why the search could not look for fair cycles (only the single depth-first search closes cycles on its
    /// stack), or null when it did.</summary>
    private static string? NonProgressNotChecked(CheckOptions options) =>
        !options.NonProgress ? "--no-liveness"
        : options.ReplayPath is not null ? "a replay"
        : options.Strategy != SearchStrategy.Dfs ? $"--search {options.Strategy.ToString().ToLowerInvariant()}"
        : options.Workers > 1 ? "--workers above 1"
        : null;

    private static LockGraph LockGraphOf(KernelPrimitives primitives)
    {
        var graph = primitives.Services.Lockdep.Graph;
        var registry = graph.Registry;
        var classes = new List<string>(registry.Count);
        for (var i = 0; i < registry.Count; i++) classes.Add(registry[i].PrintedName);
        var edges = graph.Edges()
            .Select(e => new LockGraphEdge(e.From, e.To, KindNotation(e.Kinds), e.Trace.Frames.Count > 0 ? e.Trace.Frames[0] : ""))
            .ToList();
        return new LockGraph(classes, edges);
    }

    /// <summary>A dependency's kinds as lockdep's documentation writes them: -(EN)->, -(SR)->, ... joined.</summary>
    private static string KindNotation(Kernel.Lockdep.DependencyKinds kinds)
    {
        var parts = new List<string>(4);
        if (kinds.HasFlag(Kernel.Lockdep.DependencyKinds.ExclusiveToNonRecursive)) parts.Add("EN");
        if (kinds.HasFlag(Kernel.Lockdep.DependencyKinds.ExclusiveToRecursive)) parts.Add("ER");
        if (kinds.HasFlag(Kernel.Lockdep.DependencyKinds.SharedToNonRecursive)) parts.Add("SN");
        if (kinds.HasFlag(Kernel.Lockdep.DependencyKinds.SharedToRecursive)) parts.Add("SR");
        return string.Join(",", parts);
    }

    private static SearchStatistics EmptyStatistics() => new(1, 0, 0, TimeSpan.Zero, 0, GC.GetTotalMemory(false), 0, 0, 0);

    private static string DescribeIncomplete(SearchResult search)
    {
        var s = search.Statistics;
        var why = search.IncompleteReason switch
        {
            IncompleteReason.StateLimit => "the --max-states bound was reached",
            IncompleteReason.DepthLimit => "paths longer than --max-depth were cut",
            IncompleteReason.TimeLimit => "the --timeout was reached",
            IncompleteReason.ModelLimit => search.Message ?? "a state went past a size bound of the model",
            IncompleteReason.MemoryLimit => "the memory budget was reached (--max-memory; by default three quarters of the available memory)",
            IncompleteReason.Cancelled => "the search was interrupted",
            IncompleteReason.Sampled => $"sampling covers only the schedules it tried ({s.Schedules})",
            IncompleteReason.ReplayFinished => "the replayed schedule ended without reaching a bug",
            IncompleteReason.ReplayDiverged => $"the replayed schedule does not fit this model ({search.Message})",
            IncompleteReason.PartitionLost => search.Message ?? "a machine of the cluster was lost",
            _ => search.IncompleteReason.ToString(),
        };
        return $"{why}; covered {s.States} states and {s.Transitions} transitions to depth {s.MaxDepth}";
    }
}
