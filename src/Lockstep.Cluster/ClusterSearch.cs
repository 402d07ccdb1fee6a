using System.Diagnostics;
using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Kernel;
using Lockstep.Kernel.Lockdep;
using Lockstep.Reports;
using Orleans.Runtime;

namespace Lockstep.Cluster;

/// <summary>
/// Runs one check on an Orleans cluster, coordinated from the client: the model and every file it includes are shipped
/// to one partition grain per silo, which compile it themselves; then breadth-first levels, each ended by a barrier
/// where the partitions' counts, bugs and lockdep graphs are merged. Everything else (the verdict, the reports, the
/// incomplete reasons) is the one-process <see cref="ModelChecker"/>'s, through <see cref="CheckOptions.ExternalSearch"/>.
/// Random and PCT run as a swarm: every silo samples with its own seed.
/// </summary>
public sealed class ClusterSearch(IClusterClient client)
{
    /// <summary>How often membership is read while a level runs: a silo that leaves is noticed this fast (once
    /// Orleans' failure detector has declared it dead).</summary>
    private static readonly TimeSpan MembershipPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Called after every level's barrier with its depth (tests use it to lose a silo between levels).</summary>
    public Func<int, Task>? AfterLevel { get; init; }

    /// <summary>What the last search sent between partitions.</summary>
    public ClusterStatistics LastRun { get; private set; } = new(0, 0, 0, 0, 0);

    /// <summary>Checks the model at <paramref name="path"/> on the cluster; the result is what <see cref="ModelChecker"/>
    /// returns, with a breadth-first search (the default depth-first one cannot be spread) or a swarm.</summary>
    public CheckResult CheckFile(string path, CheckOptions options)
    {
        if (options.Strategy == SearchStrategy.Dfs) options = options with { Strategy = SearchStrategy.Bfs };
        // The silos compile the model again without step merging (docs/step-merging.md): the report says what ran.
        options = options with { StepMerging = false };
        if (options.Strategy is not (SearchStrategy.Bfs or SearchStrategy.Random or SearchStrategy.Pct))
            throw new ClusterException($"--search {options.Strategy.ToString().ToLowerInvariant()} cannot run on a cluster (bfs, random or pct can)");
        if (Ship(path, options) is not { } spec) return ModelChecker.CheckFile(path, options);
        return ModelChecker.CheckFile(path, options with
        {
            ExternalSearch = request => (options.Strategy == SearchStrategy.Bfs ? RunLevels(spec, request) : RunSwarm(spec, request)).GetAwaiter().GetResult(),
            ExternalSearchDescription = options.Strategy == SearchStrategy.Bfs
                ? "level-synchronous breadth-first over the cluster's silos (Orleans), no partial-order reduction"
                : $"{SearchDescription.Of(options)} spread over the cluster's silos (Orleans swarm)",
        });
    }

    /// <summary>
    /// What the silos get: the client compiles the model itself (its diagnostics are the user's; null when it does not
    /// compile), and what that compilation read is shipped, with its hashes and the options that shape the search.
    /// </summary>
    internal static SearchSpec? Ship(string path, CheckOptions options)
    {
        var source = ModelSource.FromFile(path);
        var probe = new KernelPrimitives(ModelCompilation.KernelConfigFor(source, options));
        var compiled = ModelCompilation.Compile(source, options, probe);
        if (compiled.Program is null) return null;
        var model = ShippedModel.Collect(path, compiled.Inputs, ModelCompilation.IncludeDirectories(options));
        return new SearchSpec
        {
            ModelPath = path,
            Files = new Dictionary<string, string>(model.Files, StringComparer.Ordinal),
            IncludeDirectories = [.. model.IncludeDirectories],
            ContentHash = model.Hash,
            InputHashes = compiled.Inputs.Select(SearchSpec.Describe).ToArray(),
            Defines = [.. options.Defines],
            Configs = [.. options.Configs],
            MaxAllocFailures = options.MaxAllocFailures,
            Coverage = options.Coverage,
            MaxDepth = options.MaxDepth,
            MaxStates = options.MaxStates,
            MaxMemoryBytes = options.MaxMemoryBytes,
            Strategy = options.Strategy,
            Schedules = options.Schedules,
            PctDepth = options.PctDepth,
            MaxThreads = options.Limits.MaxThreads,
            MaxObjects = options.Limits.MaxObjects,
        };
    }

    private async Task<SearchResult> RunLevels(SearchSpec spec, SearchRequest request)
    {
        var clock = Stopwatch.StartNew();
        var options = request.Options;
        var silos = await ActiveSilos();
        var count = silos.Count;
        var searchId = Guid.NewGuid().ToString("N");
        var partitions = Enumerable.Range(0, count).Select(i => client.GetGrain<IPartitionGrain>(PartitionKey.Of(searchId, i))).ToArray();
        var watch = new MembershipWatch(this, silos) { Deadline = options.Timeout is { } limit ? DateTime.UtcNow + limit : DateTime.MaxValue };
        var traffic = new ClusterStatistics(count, 0, 0, 0, 0);
        long states = 0, transitions = 0;
        var maxDepth = 0;
        var merged = new LockdepGraph(new LockClassRegistry());
        try
        {
            var refusals = await watch.Run(Task.WhenAll(partitions.Select((p, i) => p.Prepare(spec, i, count))), options.CancellationToken);
            if (refusals.FirstOrDefault(r => r is not null) is { } refusal) throw new ClusterException(refusal);
            states = await watch.Run(partitions[0].AddInitial(), options.CancellationToken);
            byte[]? graph = null;
            var depthCut = false;
            string? boundExceeded = null;
            for (var depth = 0; ; depth++)
            {
                if (options.CancellationToken.IsCancellationRequested) return Incomplete(IncompleteReason.Cancelled);
                if (clock.Elapsed > (options.Timeout ?? TimeSpan.MaxValue)) return Incomplete(IncompleteReason.TimeLimit);
                maxDepth = depth;
                var levelGraph = graph;
                var reports = await watch.Run(Task.WhenAll(partitions.Select(p => p.ExpandLevel(depth, levelGraph))), options.CancellationToken, partitions);
                transitions += reports.Sum(r => r.Transitions);
                states += reports.Sum(r => r.NewStates);
                traffic = traffic.Add(reports);
                depthCut |= reports.Any(r => r.DepthCut);
                boundExceeded ??= reports.Select(r => r.BoundExceeded).FirstOrDefault(b => b is not null);

                // The barrier: merge what lockdep learnt everywhere, and let each partition re-run its teaching steps
                // against what the others learnt, so a cycle whose halves were recorded on different silos is found.
                var grown = reports.Select(r => r.Graph is null ? null : Wire.DecodeGraph(r.Graph)).ToArray();
                var candidates = reports.SelectMany(r => r.Bugs).ToList();
                if (grown.Any(g => g is not null))
                {
                    var rechecks = new List<Task<BugCandidate[]>>();
                    for (var i = 0; i < count; i++)
                    {
                        if (reports[i].GraphSteps == 0) continue;
                        var others = new LockdepGraph(new LockClassRegistry());
                        for (var j = 0; j < count; j++)
                            if (j != i && grown[j] is { } g) others.Import(g);
                        if (others.EdgeCount > 0 || others.Registry.Count > 0) rechecks.Add(partitions[i].Recheck(Wire.Encode(others.Export())));
                    }
                    foreach (var found in await watch.Run(Task.WhenAll(rechecks), options.CancellationToken))
                    {
                        candidates.AddRange(found);
                        traffic = traffic with { CrossPartitionBugs = traffic.CrossPartitionBugs + found.Length };
                    }
                    foreach (var g in grown) if (g is not null) merged.Import(g);
                    graph = Wire.Encode(merged.Export());
                }
                else graph = null;

                if (AfterLevel is { } hook) await hook(depth);
                await watch.Check();

                if (candidates.Count > 0)
                {
                    var best = candidates.Min()!;
                    var path = await PathTo(partitions, best, watch, options.CancellationToken);
                    var described = await watch.Run(partitions[best.Partition].Describe(best.Index, path.Select(t => t.Thread).ToArray(), path.Select(t => t.Choice).ToArray()), options.CancellationToken);
                    var bug = new DescribedBug(Wire.DecodeBug(described.Report), described.Misuse);
                    return Finish(SearchOutcome.Bug, IncompleteReason.None, [new Counterexample(bug, path)]);
                }
                if (reports.Any(r => r.StoreFull) || states >= (options.MaxStates ?? long.MaxValue))
                    return Incomplete(states >= (options.MaxStates ?? long.MaxValue) ? IncompleteReason.StateLimit : IncompleteReason.MemoryLimit);
                if (reports.Any(r => r.Stopped)) return Incomplete(IncompleteReason.Cancelled);
                if (reports.Sum(r => r.NewStates) == 0)
                    return depthCut ? Incomplete(IncompleteReason.DepthLimit)
                        : boundExceeded is not null ? Incomplete(IncompleteReason.ModelLimit, boundExceeded)
                        : Finish(SearchOutcome.Ok, IncompleteReason.None, []);
            }
        }
        catch (SiloLostException lost)
        {
            return Incomplete(IncompleteReason.PartitionLost, lost.Message);
        }
        catch (OperationCanceledException)
        {
            return Incomplete(IncompleteReason.Cancelled);
        }
        catch (TimeoutException) when (DateTime.UtcNow >= watch.Deadline)
        {
            return Incomplete(IncompleteReason.TimeLimit);
        }
        catch (Exception e) when (e is not ClusterException)
        {
            if (options.CancellationToken.IsCancellationRequested) return Incomplete(IncompleteReason.Cancelled);
            // A call failed: if a silo left, that is why; either way the states it held are not all there.
            var missing = await watch.Missing();
            var why = missing is not null
                ? $"silo {missing} left the cluster during the search; the states it owned are lost"
                : $"a partition failed ({e.GetType().Name}: {e.Message})";
            return Incomplete(IncompleteReason.PartitionLost, why + "; the search is incomplete");
        }
        finally
        {
            LastRun = traffic;
            await Collect(partitions, request, merged, watch);
        }

        SearchResult Finish(SearchOutcome outcome, IncompleteReason reason, IReadOnlyList<Counterexample> bugs, string? message = null) =>
            new(outcome, reason, bugs, Statistics(states, transitions, maxDepth, clock.Elapsed, 0)) { Message = message };

        SearchResult Incomplete(IncompleteReason reason, string? message = null) =>
            Finish(SearchOutcome.Incomplete, reason, [], message);
    }

    /// <summary>The path to a candidate, rebuilt backwards from the owners' parent links.</summary>
    private static async Task<List<Transition>> PathTo(IPartitionGrain[] partitions, BugCandidate best, MembershipWatch watch, CancellationToken token)
    {
        var path = new List<Transition>();
        if (best.Thread >= 0) path.Add(new Transition(best.Thread, best.Choice));
        var (partition, local) = (best.Partition, best.Local);
        while (partition >= 0)
        {
            var link = await watch.Run(partitions[partition].Parent(local), token);
            if (link.Partition < 0) break;
            path.Add(new Transition(link.Thread, link.Choice));
            (partition, local) = (link.Partition, link.Local);
        }
        path.Reverse();
        return path;
    }

    /// <summary>Coverage and the merged lockdep graph go into the client's result; the partitions are dropped.</summary>
    private static async Task Collect(IPartitionGrain[] partitions, SearchRequest request, LockdepGraph merged, MembershipWatch watch)
    {
        try
        {
            if (request.Coverage is { } coverage && await watch.Missing() is null)
                foreach (var snapshot in await Task.WhenAll(partitions.Select(p => p.Coverage())).WaitAsync(TimeSpan.FromSeconds(30)))
                    snapshot.MergeInto(coverage);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A partition that is gone has no coverage to give: the report says what the others reached.
        }
        request.Primitives.Services.Lockdep.Graph.Import(merged.Export());
        foreach (var p in partitions)
        {
            try { await p.Stop().WaitAsync(TimeSpan.FromSeconds(5)); await p.Release().WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (Exception e) when (e is not OutOfMemoryException) { /* its silo is gone */ }
        }
    }

    private async Task<SearchResult> RunSwarm(SearchSpec spec, SearchRequest request)
    {
        var clock = Stopwatch.StartNew();
        var options = request.Options;
        var silos = await ActiveSilos();
        var count = silos.Count;
        var searchId = Guid.NewGuid().ToString("N");
        var shares = Enumerable.Range(0, count).Select(i => client.GetGrain<IPartitionGrain>(PartitionKey.Of(searchId, i))).ToArray();
        var watch = new MembershipWatch(this, silos);
        // Disjoint seeds, one per silo; the schedules are shared out, so the cluster samples as many as one process would.
        var baseSeed = options.Seed ?? Random.Shared.Next();
        var each = (options.Schedules + count - 1) / count;
        LastRun = new ClusterStatistics(count, 0, 0, 0, 0) { FirstSeed = baseSeed };
        SampleReport[] reports;
        try
        {
            reports = await watch.Run(Task.WhenAll(shares.Select((s, i) => s.Sample(spec, unchecked(baseSeed + i), each))), options.CancellationToken);
        }
        catch (SiloLostException lost)
        {
            return new SearchResult(SearchOutcome.Incomplete, IncompleteReason.PartitionLost, [], Statistics(0, 0, 0, clock.Elapsed, 0)) { Message = lost.Message, Seed = baseSeed };
        }
        catch (OperationCanceledException)
        {
            return new SearchResult(SearchOutcome.Incomplete, IncompleteReason.Cancelled, [], Statistics(0, 0, 0, clock.Elapsed, 0)) { Seed = baseSeed };
        }
        if (reports.FirstOrDefault(r => r.Error is not null) is { } failed) throw new ClusterException(failed.Error!);
        foreach (var r in reports)
        {
            if (request.Coverage is { } coverage) new CoverageSnapshot(r.Sites, r.Jumps).MergeInto(coverage);
            if (r.Graph is not null) request.Primitives.Services.Lockdep.Graph.Import(Wire.DecodeGraph(r.Graph));
        }
        foreach (var s in shares) await s.Release();
        var stats = Statistics(reports.Sum(r => r.States), reports.Sum(r => r.Transitions), reports.Max(r => r.MaxDepth), clock.Elapsed, reports.Sum(r => r.Schedules));
        // The first bug in silo order (not in time, so the report does not depend on which silo was faster).
        if (reports.FirstOrDefault(r => r.Bug is not null) is { Bug: { } remote } found)
        {
            var report = Wire.DecodeBug(remote.Report);
            var path = report.Path.Select(c => new Transition(c.Thread, c.Choice)).ToList();
            return new SearchResult(SearchOutcome.Bug, IncompleteReason.None, [new Counterexample(new DescribedBug(report, remote.Misuse), path)], stats) { Seed = found.Seed };
        }
        return new SearchResult(SearchOutcome.Incomplete, IncompleteReason.Sampled, [], stats) { Seed = baseSeed };
    }

    private static SearchStatistics Statistics(long states, long transitions, int maxDepth, TimeSpan elapsed, int schedules) =>
        new(states, transitions, maxDepth, elapsed, elapsed.TotalSeconds > 0 ? states / elapsed.TotalSeconds : 0,
            ProcessMemory.Peak(), 0, SearchStatistics.EstimateCollisionProbability(states), schedules);

    /// <summary>The silos that are up now, by address.</summary>
    internal async Task<IReadOnlyList<SiloAddress>> ActiveSilos()
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var silos = hosts.Keys.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToList();
        if (silos.Count == 0) throw new ClusterException("the cluster has no active silo");
        return silos;
    }

    /// <summary>
    /// Watches membership while the partitions work: a call is raced against a poll of the active silos, so a silo the
    /// failure detector declares dead ends the wait at once (its calls might otherwise wait for a response timeout),
    /// and against cancellation, which stops every partition.
    /// </summary>
    private sealed class MembershipWatch(ClusterSearch owner, IReadOnlyList<SiloAddress> silos)
    {
        /// <summary>The --timeout: a level that runs past it is stopped.</summary>
        public DateTime Deadline { get; init; } = DateTime.MaxValue;

        public async Task<T> Run<T>(Task<T> work, CancellationToken token, IPartitionGrain[]? stoppable = null)
        {
            while (true)
            {
                var done = await Task.WhenAny(work, Task.Delay(MembershipPoll, CancellationToken.None));
                if (done == work) return await work;
                if (token.IsCancellationRequested || DateTime.UtcNow >= Deadline)
                {
                    if (stoppable is not null) foreach (var p in stoppable) _ = p.Stop();
                    if (token.IsCancellationRequested) throw new OperationCanceledException(token);
                    throw new TimeoutException();
                }
                await Check();
            }
        }

        public async Task Check()
        {
            if (await Missing() is { } missing)
                throw new SiloLostException($"silo {missing} left the cluster during the search; the states it owned are lost, so the search is incomplete");
        }

        /// <summary>A silo of the search that membership no longer lists as active, or null.</summary>
        public async Task<SiloAddress?> Missing()
        {
            IReadOnlyList<SiloAddress> now;
            // Membership that cannot be read now (a busy gateway) proves nothing: the next poll asks again, and a call
            // that fails because the gateway itself is gone ends the search anyway.
            try { now = await owner.ActiveSilos().WaitAsync(TimeSpan.FromSeconds(10)); }
            catch (Exception e) when (e is not OutOfMemoryException) { return null; }
            return silos.FirstOrDefault(s => !now.Contains(s));
        }
    }

    private sealed class SiloLostException(string message) : Exception(message);
}

/// <summary>A cluster cannot run the search (a silo refused the model, a strategy that cannot be spread): exit 2.</summary>
public sealed class ClusterException(string message) : Exception(message);

/// <summary>What partitions sent each other in one search (the per-state cost of spreading it), and how many bugs of its
/// last level were found only by re-running one partition's steps against what another partition's lockdep learnt.</summary>
public sealed record ClusterStatistics(int Partitions, long Messages, long BytesSent, long StatesSent, long Levels)
{
    public int CrossPartitionBugs { get; init; }

    /// <summary>For a swarm: the seed of silo 0 (silo i sampled with this + i); null for a breadth-first search.</summary>
    public int? FirstSeed { get; init; }

    internal ClusterStatistics Add(IReadOnlyList<LevelReport> reports) => this with
    {
        Messages = Messages + reports.Sum(r => r.Messages),
        BytesSent = BytesSent + reports.Sum(r => r.BytesSent),
        StatesSent = StatesSent + reports.Sum(r => r.StatesSent),
        Levels = Levels + 1,
    };
}
