namespace Lockstep.Exploration;

/// <summary>
/// The runtime for scheduling strategies (random, PCT, replay): runs schedules from the initial
/// state, letting the strategy pick each transition, until a bug, an end state, the depth limit
/// (<see cref="SearchOptions.MaxDepth"/> or <see cref="SearchOptions.DefaultScheduleLength"/>) or
/// the schedule count. Distinct states are still counted in the fingerprint store. Sampling is never
/// exhaustive, so without a bug the verdict is Incomplete with the strategy's reason.
/// With several workers (swarm sampling) worker w runs schedules w, w + N, w + 2N, ... with a strategy of its own
/// (<paramref name="strategyFor"/>(w): for random and PCT a generator seeded seed + w), on its own executor, over the
/// shared store: the schedules one (seed, workers) pair samples are always the same ones; with the first bug stopping
/// the search, which worker reports first may vary.
/// </summary>
internal sealed class ScheduleSampler(Func<int, ISchedulingStrategy> strategyFor, int schedules, int? seed, int workers = 1) : ISearchStrategy
{
    private const int PollInterval = 256;
    private int _started;
    private ISchedulingStrategy? _first;

    public SearchResult Explore(SearchContext context)
    {
        if (workers <= 1)
        {
            Sample(context, 0, 1);
        }
        else
        {
            var failures = new Exception?[workers];
            var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
            {
                try { Sample(context, w, workers); }
                catch (Exception e) { failures[w] = e; context.Stop(IncompleteReason.Cancelled); }
            }) { IsBackground = true, Name = $"lockstep sampler {w}" }).ToList();
            foreach (Thread t in threads) t.Start();
            foreach (Thread t in threads) t.Join();
            if (failures.FirstOrDefault(f => f is not null) is { } failure)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        ISchedulingStrategy strategy = _first!;
        return context.BuildResult(sampled: true, strategy.NoBugReason, seed, strategy.Message);
    }

    /// <summary>Worker <paramref name="worker"/> of <paramref name="stride"/>: schedules worker, worker + stride, ...</summary>
    private void Sample(SearchContext context, int worker, int stride)
    {
        ISchedulingStrategy strategy = strategyFor(worker);
        if (worker == 0)
            _first = strategy;
        IExecutor executor = context.System.CreateExecutor();
        int maxDepth = context.Options.MaxDepth ?? SearchOptions.DefaultScheduleLength;
        byte[] initial = executor.InitialState();
        byte[] state = new byte[Math.Max(64, initial.Length)];
        var enabled = new List<Transition>();
        var path = new List<Transition>();
        long sinceLastPoll = 0;
        // Replaying a lasso: the state the loop starts from, to recognise it when the schedule comes back to it.
        int? loopStart = context.Options.Strategy == SearchStrategy.Replay ? context.Options.ReplayLoopStart : null;
        Fingerprint? loopState = null;

        InsertOutcome initialOutcome = context.Store.TryAdd(Fingerprint.Of(initial));
        if (initialOutcome is InsertOutcome.MemoryFull or InsertOutcome.StateLimit)
            context.StopFor(initialOutcome);

        for (int schedule = worker; schedule < schedules && !context.Stopped; schedule += stride)
        {
            context.Schedules = Interlocked.Increment(ref _started);
            strategy.StartSchedule(schedule);
            initial.CopyTo(state, 0);
            int length = initial.Length;
            path.Clear();
            while (!context.Stopped)
            {
                if (sinceLastPoll >= PollInterval)
                {
                    context.Poll(sinceLastPoll);
                    sinceLastPoll = 0;
                }
                ReadOnlySpan<byte> current = state.AsSpan(0, length);
                enabled.Clear();
                executor.GetEnabled(current, enabled);
                context.NoteDepth(path.Count);
                if (enabled.Count == 0)
                {
                    if (executor.CheckEndState(current) is { } endBug)
                        context.ReportBug(endBug, path.ToList());
                    break;
                }
                if (path.Count >= maxDepth)
                {
                    context.NoteDepthCut();
                    break;
                }
                if (path.Count == loopStart)
                    loopState = Fingerprint.Of(current);
                if (!strategy.TryChoose(enabled, path.Count, out Transition transition))
                    break;
                StepResult step = executor.Step(current, transition);
                sinceLastPoll++;
                path.Add(transition);
                if (step.Bug is { } bug)
                {
                    context.ReportBug(bug, path.ToList());
                    break;
                }
                if (step.BoundExceeded is { } bound)
                {
                    context.NoteBoundExceeded(bound);
                    break;
                }
                if (loopState is { } loop && path.Count > loopStart && path.Count == context.Options.ReplayPath?.Count
                    && Fingerprint.Of(step.Successor) == loop)
                {
                    var looping = path.Skip(loopStart!.Value).Select(t => t.Thread).Distinct().ToList();
                    if (executor.IsStuck(step.Successor, looping))
                    {
                        context.ReportBug(new FairCycle(looping), path.ToList(), loopStart);
                        break;
                    }
                }
                InsertOutcome outcome = context.Store.TryAdd(Fingerprint.Of(step.Successor));
                if (outcome is InsertOutcome.MemoryFull or InsertOutcome.StateLimit)
                    context.StopFor(outcome);
                if (state.Length < step.Successor.Length)
                    Array.Resize(ref state, step.Successor.Length * 2);
                step.Successor.CopyTo(state);
                length = step.Successor.Length;
            }
            strategy.EndSchedule(path.Count);
        }
        context.Poll(sinceLastPoll);
    }
}
