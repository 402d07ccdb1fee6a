using Lockstep.Kernel.Splats;

namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// lockdep's checks, run against a shared <see cref="LockdepGraph"/>. The validator keeps no per-task state:
/// the caller owns each task's held-lock stack and passes it in. The order of checks in <see cref="Acquire"/>
/// is <c>__lock_acquire</c>'s: wait context, usage marking (inconsistent state, irq inversion), then, for a
/// held-lock chain not validated before, recursive locking and, per relevant previous lock, circular
/// dependency and irq-safe -&gt; irq-unsafe, after which the new dependencies are recorded.
/// A non-null result is the report the kernel would print; nothing found on a step that is then reported
/// is left half-recorded in a way that would hide the same bug from another path.
/// </summary>
public sealed class LockdepValidator
{
    private readonly LockdepGraph _graph;

    public LockdepValidator(LockdepGraph graph, LockdepConfig? config = null)
    {
        _graph = graph;
        Config = config ?? LockdepConfig.Default;
    }

    public LockdepGraph Graph => _graph;

    public LockClassRegistry Registry => _graph.Registry;

    public LockdepConfig Config { get; }

    /// <summary>The class id a held lock counts as: its base class, or the subclass it was taken with.</summary>
    public int ClassOf(in HeldLock lk) =>
        lk.Subclass == 0 ? lk.ClassId : Registry.Subclass(lk.ClassId, lk.Subclass).Id;

    /// <summary>
    /// Validates taking <paramref name="next"/> while holding <paramref name="held"/> (innermost last) in
    /// interrupt state <paramref name="ctx"/>, and records what it teaches the graph. The caller pushes
    /// <paramref name="next"/> afterwards (unless it is a <see cref="HeldLock.Sync"/> acquisition).
    /// Trylocks are checked for wait context and usage only, and add no dependency, as in lockdep.
    /// </summary>
    public LockdepReport? Acquire(
        ReadOnlySpan<HeldLock> held, in HeldLock next, in IrqState ctx, in LockdepTask task, ILockTraceSource? trace = null)
    {
        var nextClass = ClassOf(next);
        if (MergesIntoTop(held, next, nextClass))
            return null;
        var context = ctx.Context;
        var contextStart = ContextStart(held, context);
        var stack = new LazyTrace(trace);

        if (Config.CheckWaitContext && !next.Trylock && CheckWaitContext(held, contextStart, nextClass, ctx) is { } level)
            return new InvalidWaitContextReport(task, Print(next, nextClass), level, PrintAll(held), stack.Value);

        // rcu_lock_acquire() passes check=0: RCU maps get a wait-context check and usage marking, no dependency.
        var check = IsChecked(nextClass);
        var usageReport = check
            ? MarkUsage(held, next, nextClass, ctx, task, ref stack)
            : MarkLock(held, next, nextClass, next.Read != LockReadMode.Exclusive ? LockUsage.UsedRead : LockUsage.Used, ctx, task, ref stack);
        if (usageReport is not null)
            return usageReport;

        // __lock_acquire(): "nest_lock && !__lock_is_held(nest_lock, -1)", before validate_chain(). The bridge names the nest lock.
        if (next.NestLock != 0 && !IsHeld(held, next.NestLock))
            return new NestedLockNotTakenReport(task, Print(next, nextClass), next.NestLock, "", PrintAll(held), stack.Value);

        if (!check || next.Trylock)
            return null;

        var chainKey = ChainKey(held, contextStart, next, nextClass, context);
        if (_graph.IsChainValidated(chainKey))
            return null;

        lock (_graph.Gate)
        {
            // check_deadlock(): the whole held stack, every context.
            var nestHeld = false;
            var nested = false;
            for (var i = 0; i < held.Length; i++)
            {
                if (next.NestLock != 0 && held[i].Instance == next.NestLock)
                    nestHeld = true;
                if (ClassOf(held[i]) != nextClass)
                    continue;
                // read-after-read recursion of one class is allowed when the new one is a recursive reader.
                if (next.Read == LockReadMode.RecursiveRead && held[i].Read != LockReadMode.Exclusive)
                    continue;
                if (nestHeld)
                {
                    nested = true; // the nest lock serialises this class's nesting
                    break;
                }
                return Recursive(held, held[i], next, nextClass, task, ref stack);
            }

            if (!nested && contextStart < held.Length)
            {
                // check_prevs_add(): every trailing trylock and the first non-trylock below them.
                for (var i = held.Length - 1; i >= contextStart; i--)
                {
                    var prev = held[i];
                    if (!IsChecked(ClassOf(prev)))
                        continue; // an unchecked lock (RCU) is no "prev"
                    if (CheckPrevAdd(held, prev, next, nextClass, ctx, task, ref stack) is { } report)
                        return report;
                    if (!prev.Trylock)
                        break;
                }
            }
            _graph.MarkChainValidated(chainKey);
        }
        return null;
    }

    /// <summary>
    /// <c>__lock_acquire()</c>: a nest-lock acquisition of the class the innermost held lock has is merged into that
    /// entry (its <c>references</c> count) before any check — the nest lock is not even looked at. The caller still
    /// pushes its own entry; what lockdep would check for it afterwards is what the merged entry already was.
    /// </summary>
    private bool MergesIntoTop(ReadOnlySpan<HeldLock> held, in HeldLock next, int nextClass) =>
        next.NestLock != 0 && held.Length > 0 && ClassOf(held[^1]) == nextClass;

    /// <summary><c>__lock_is_held(lock, -1)</c>: does the task hold <paramref name="instance"/>, in any irq context?</summary>
    public static bool IsHeld(ReadOnlySpan<HeldLock> held, long instance)
    {
        foreach (var lk in held)
            if (lk.Instance == instance)
                return true;
        return false;
    }

    /// <summary>
    /// Would <see cref="Acquire"/> of <paramref name="next"/> report recursive locking or a circular dependency? Asked,
    /// without recording anything, for an acquisition that would block: the kernel's lock_acquire() runs before the
    /// task sleeps or spins (e.g. kernel/locking/mutex.c, __mutex_lock_common(): mutex_acquire_nest() comes before
    /// the wait loop), so lockdep reports such a deadlock on the blocked task's own attempt.
    /// </summary>
    public bool WouldReportDeadlock(ReadOnlySpan<HeldLock> held, in HeldLock next, in IrqState ctx)
    {
        var nextClass = ClassOf(next);
        if (MergesIntoTop(held, next, nextClass))
            return false;
        if (next.NestLock != 0 && !IsHeld(held, next.NestLock))
            return true;
        if (!IsChecked(nextClass) || next.Trylock)
            return false;
        lock (_graph.Gate)
        {
            var nestHeld = false;
            for (var i = 0; i < held.Length; i++)
            {
                if (next.NestLock != 0 && held[i].Instance == next.NestLock)
                    nestHeld = true;
                if (ClassOf(held[i]) != nextClass)
                    continue;
                if (next.Read == LockReadMode.RecursiveRead && held[i].Read != LockReadMode.Exclusive)
                    continue;
                if (nestHeld)
                    return false;
                return true;
            }
            var contextStart = ContextStart(held, ctx.Context);
            for (var i = held.Length - 1; i >= contextStart; i--)
            {
                var prev = held[i];
                var prevClass = ClassOf(prev);
                if (!IsChecked(prevClass))
                    continue;
                var cycle = new CycleVisitor(prevClass, prev.Read);
                if (_graph.Search(nextClass, next.Read == LockReadMode.RecursiveRead, forward: true, ref cycle) >= 0)
                    return true;
                if (!prev.Trylock)
                    break;
            }
        }
        return false;
    }

    /// <summary>
    /// Validates releasing <paramref name="instance"/> (of class <paramref name="classId"/>): lockdep's
    /// <c>find_held_lock</c> looks from the innermost lock down and never across an irq-context boundary.
    /// Returns "bad unlock balance" when the lock is not found; the caller then removes nothing.
    /// </summary>
    public LockdepReport? Release(
        ReadOnlySpan<HeldLock> held, long instance, int classId, in LockdepTask task,
        string function, string location = "", ILockTraceSource? trace = null)
    {
        if (FindHeld(held, instance) >= 0)
            return null;
        return new BadUnlockBalanceReport(task, Registry[classId].Name, function, location, PrintAll(held),
            trace?.Capture() ?? LockTrace.Empty);
    }

    /// <summary>The index in <paramref name="held"/> that releasing <paramref name="instance"/> removes, or -1.</summary>
    public static int FindHeld(ReadOnlySpan<HeldLock> held, long instance)
    {
        var i = held.Length - 1;
        if (i < 0)
            return -1;
        if (held[i].Instance == instance)
            return i;
        for (i--; i >= 0; i--)
        {
            if (held[i + 1].IrqContext != held[i].IrqContext)
                return -1;
            if (held[i].Instance == instance)
                return i;
        }
        return -1;
    }

    /// <summary>
    /// <c>debug_check_no_locks_freed</c>: memory [<paramref name="from"/>, <paramref name="from"/> +
    /// <paramref name="length"/>) is freed or re-initialised; a held lock inside it is reported.
    /// </summary>
    public LockdepReport? CheckNoLocksFreed(
        ReadOnlySpan<HeldLock> held, long from, long length, in LockdepTask task, ILockTraceSource? trace = null)
    {
        foreach (var lk in held)
        {
            if (lk.Instance >= from && lk.Instance < from + length)
                return new HeldLockFreedReport(task, from, length, Print(lk, ClassOf(lk)), PrintAll(held),
                    trace?.Capture() ?? LockTrace.Empty);
        }
        return null;
    }

    /// <summary>A lock initialiser (<c>spin_lock_init</c>, <c>mutex_init</c>, ...) on <paramref name="instance"/>:
    /// re-initialising a held lock is "held lock freed", as the kernel's initialisers check.</summary>
    public LockdepReport? Reinit(ReadOnlySpan<HeldLock> held, long instance, in LockdepTask task, ILockTraceSource? trace = null) =>
        CheckNoLocksFreed(held, instance, 1, task, trace);

    /// <summary>
    /// Hard interrupts are being enabled (<c>lockdep_hardirqs_on</c>) with <paramref name="held"/> held:
    /// every held lock becomes HARDIRQ-ON (and SOFTIRQ-ON if soft interrupts are enabled too).
    /// <paramref name="after"/> is the state once enabled.
    /// </summary>
    public LockdepReport? HardirqsOn(ReadOnlySpan<HeldLock> held, in IrqState after, in LockdepTask task, ILockTraceSource? trace = null)
    {
        var stack = new LazyTrace(trace);
        if (MarkHeld(held, LockUsage.EnabledHardirq, after, task, ref stack) is { } report)
            return report;
        return after.SoftirqsEnabled ? MarkHeld(held, LockUsage.EnabledSoftirq, after, task, ref stack) : null;
    }

    /// <summary>Soft interrupts are being enabled (<c>lockdep_softirqs_on</c>): with hard interrupts on, every
    /// held lock becomes SOFTIRQ-ON.</summary>
    public LockdepReport? SoftirqsOn(ReadOnlySpan<HeldLock> held, in IrqState after, in LockdepTask task, ILockTraceSource? trace = null)
    {
        var stack = new LazyTrace(trace);
        return after.HardirqsEnabled ? MarkHeld(held, LockUsage.EnabledSoftirq, after, task, ref stack) : null;
    }

    /// <summary>The task's held locks as <c>lockdep_print_held_locks</c> shows them.</summary>
    public IReadOnlyList<PrintedLock> PrintAll(ReadOnlySpan<HeldLock> held)
    {
        var printed = new PrintedLock[held.Length];
        for (var i = 0; i < held.Length; i++)
            printed[i] = Print(held[i], ClassOf(held[i]));
        return printed;
    }

    /// <summary>One class as <c>print_lock_name</c> shows it now.</summary>
    public PrintedClass PrintClass(int classId, int extraUsage = 0)
    {
        var cls = Registry[classId];
        var nesting = Config.ProveRawLockNesting;
        var inner = LockWaitTypes.Level(cls.WaitInner, nesting);
        var outer = cls.WaitOuter != LockWaitType.Invalid ? LockWaitTypes.Level(cls.WaitOuter, nesting) : inner;
        var usage = (LockUsageBits)((int)_graph.UsageOf(classId) | extraUsage);
        return new PrintedClass(cls.PrintedName, LockUsage.Chars(usage), outer, inner, cls.Key);
    }

    private PrintedLock Print(in HeldLock lk, int classId, int extraUsage = 0) =>
        new(lk.Instance, PrintClass(classId, extraUsage), lk.Function, lk.Location);

    private bool IsChecked(int classId) =>
        Registry[classId] is var c && c.Kind is not (LockClassKind.Rcu or LockClassKind.RcuSched) && c.Key != LockClassRegistry.NoValidateKey;

    private static int ContextStart(ReadOnlySpan<HeldLock> held, LockIrqContext context)
    {
        var start = held.Length;
        while (start > 0 && held[start - 1].IrqContext == context)
            start--;
        return start;
    }

    /// <summary><c>check_wait_context</c>: the new lock's outer wait type must not exceed the strictest inner
    /// wait type of the task's context and of the locks held in the current irq context. Returns the
    /// context level to print when it does.</summary>
    private int? CheckWaitContext(ReadOnlySpan<HeldLock> held, int contextStart, int nextClass, in IrqState ctx)
    {
        var nesting = Config.ProveRawLockNesting;
        var cls = Registry[nextClass];
        var nextInner = LockWaitTypes.Level(cls.WaitInner, nesting);
        if (nextInner == 0)
            return null;
        var nextOuter = cls.WaitOuter != LockWaitType.Invalid ? LockWaitTypes.Level(cls.WaitOuter, nesting) : nextInner;
        var taskLevel = TaskWaitLevel(ctx);
        var currInner = taskLevel;
        for (var i = contextStart; i < held.Length; i++)
        {
            var prevInner = LockWaitTypes.Level(Registry[ClassOf(held[i])].WaitInner, nesting);
            if (prevInner != 0)
                currInner = Math.Min(currInner, prevInner);
        }
        return nextOuter > currInner ? taskLevel : null;
    }

    /// <summary><c>task_wait_context</c>: a hard irq spins (unless force-threaded), a soft irq is threaded,
    /// a task may do anything.</summary>
    private int TaskWaitLevel(in IrqState ctx)
    {
        var type = ctx.InHardirq
            ? ctx.HardirqThreaded ? LockWaitType.Config : LockWaitType.Spin
            : ctx.InSoftirq ? LockWaitType.Config : LockWaitType.Max;
        return LockWaitTypes.Level(type, Config.ProveRawLockNesting);
    }

    /// <summary><c>mark_usage</c>.</summary>
    private LockdepReport? MarkUsage(
        ReadOnlySpan<HeldLock> held, in HeldLock next, int nextClass, in IrqState ctx, in LockdepTask task, ref LazyTrace stack)
    {
        var read = next.Read != LockReadMode.Exclusive ? LockUsage.ReadMask : 0;
        LockdepReport? report;
        if (!next.Trylock)
        {
            if (ctx.InHardirq && (report = MarkLock(held, next, nextClass, LockUsage.UsedInHardirq + read, ctx, task, ref stack)) is not null)
                return report;
            if (ctx.InSoftirq && (report = MarkLock(held, next, nextClass, LockUsage.UsedInSoftirq + read, ctx, task, ref stack)) is not null)
                return report;
        }
        // A lock_sync() opens no critical section, so interrupts cannot nest inside it.
        if (ctx.HardirqsEnabled && !next.Sync)
        {
            if ((report = MarkLock(held, next, nextClass, LockUsage.EnabledHardirq + read, ctx, task, ref stack)) is not null)
                return report;
            if (ctx.SoftirqsEnabled && (report = MarkLock(held, next, nextClass, LockUsage.EnabledSoftirq + read, ctx, task, ref stack)) is not null)
                return report;
        }
        return MarkLock(held, next, nextClass, read != 0 ? LockUsage.UsedRead : LockUsage.Used, ctx, task, ref stack);
    }

    /// <summary><c>mark_held_locks</c>.</summary>
    private LockdepReport? MarkHeld(ReadOnlySpan<HeldLock> held, int baseBit, in IrqState ctx, in LockdepTask task, ref LazyTrace stack)
    {
        foreach (var lk in held)
        {
            if (!IsChecked(ClassOf(lk)))
                continue;
            var bit = baseBit + (lk.Read != LockReadMode.Exclusive ? LockUsage.ReadMask : 0);
            if (MarkLock(held, lk, ClassOf(lk), bit, ctx, task, ref stack) is { } report)
                return report;
        }
        return null;
    }

    /// <summary>
    /// <c>mark_lock</c> + <c>mark_lock_irq</c>: sets a usage bit after checking it against the class's own
    /// opposite usage (inconsistent lock state) and against the graph (irq lock inversion). Unlike the
    /// kernel, which sets the bit before checking, a bit whose check fails is not recorded, so every path
    /// that reaches the same conflict reports it.
    /// </summary>
    private LockdepReport? MarkLock(
        ReadOnlySpan<HeldLock> held, in HeldLock lk, int classId, int bit, in IrqState ctx, in LockdepTask task, ref LazyTrace stack)
    {
        var flag = 1 << bit;
        if (_graph.TryNode(classId) is { } known && (Volatile.Read(ref known.Usage) & flag) != 0)
            return null;

        lock (_graph.Gate)
        {
            var node = _graph.Node(classId);
            var usage = node.Usage;
            if ((usage & flag) != 0)
                return null;
            if (bit < LockUsage.Used)
            {
                var excl = LockUsage.ExclusiveBit(bit);
                if ((usage & (1 << excl)) != 0)
                    return Inconsistent(held, lk, classId, excl, bit, ctx, task, ref stack);
                // a write usage also conflicts with the opposite read usage
                if ((bit & LockUsage.ReadMask) == 0 && (usage & (1 << (excl | LockUsage.ReadMask))) != 0)
                    return Inconsistent(held, lk, classId, excl | LockUsage.ReadMask, bit, ctx, task, ref stack);

                var forwards = (bit & LockUsage.DirMask) == 0;
                var visitor = new UsageVisitor((1 << excl) | (1 << (excl | LockUsage.ReadMask)));
                var rootOnlyRecursive = forwards ? lk.Read == LockReadMode.RecursiveRead : lk.Read != LockReadMode.Exclusive;
                var found = _graph.Search(classId, rootOnlyRecursive, forwards, ref visitor);
                if (found >= 0)
                    return Inversion(held, lk, classId, bit, excl, forwards, _graph.PathTo(found), task, ref stack);
            }
            _graph.SetUsage(classId, bit, stack.Value);
        }
        return null;
    }

    /// <summary><c>check_prev_add</c>, under the graph lock.</summary>
    private LockdepReport? CheckPrevAdd(
        ReadOnlySpan<HeldLock> held, in HeldLock prev, in HeldLock next, int nextClass, in IrqState ctx,
        in LockdepTask task, ref LazyTrace stack)
    {
        var prevClass = ClassOf(prev);

        // check_noncircular(): can next reach prev by a strong path that held -> next would close?
        var cycle = new CycleVisitor(prevClass, prev.Read);
        var found = _graph.Search(nextClass, next.Read == LockReadMode.RecursiveRead, forward: true, ref cycle);
        if (found >= 0)
        {
            if (prevClass == nextClass)
                return Recursive(held, prev, next, nextClass, task, ref stack);
            return Circular(held, prev, prevClass, next, nextClass, _graph.PathTo(found), task, ref stack);
        }

        if (CheckIrqUsage(held, prev, prevClass, next, nextClass, ctx, task, ref stack) is { } irqReport)
            return irqReport;

        _graph.AddOrWidenEdge(prevClass, nextClass, DependencyKind.Of(prev.Read, next.Read), stack.Value);
        return null;
    }

    /// <summary><c>check_irq_usage</c>: does the new dependency connect an irq-safe class (backwards from prev)
    /// with an irq-unsafe one (forwards from next)?</summary>
    private LockdepReport? CheckIrqUsage(
        ReadOnlySpan<HeldLock> held, in HeldLock prev, int prevClass, in HeldLock next, int nextClass, in IrqState ctx,
        in LockdepTask task, ref LazyTrace stack)
    {
        var prevRootOnly = prev.Read != LockReadMode.Exclusive;
        var accumulated = new UsageAccumulator();
        _graph.Search(prevClass, prevRootOnly, forward: false, ref accumulated);
        var usedIn = accumulated.Mask & LockUsage.UsedInIrqAll;
        if (usedIn == 0)
            return null;

        var forwardVisitor = new UsageVisitor(LockUsage.ExclusiveMask(usedIn));
        var forwardFound = _graph.Search(nextClass, next.Read == LockReadMode.RecursiveRead, forward: true, ref forwardVisitor);
        if (forwardFound < 0)
            return null;
        var forwardPath = _graph.PathTo(forwardFound);
        var unsafeClass = forwardPath[^1].ClassId;
        var unsafeUsage = (int)_graph.UsageOf(unsafeClass);

        var backwardVisitor = new UsageVisitor(LockUsage.OriginalMask(unsafeUsage & LockUsage.EnabledIrqAll));
        var backwardFound = _graph.Search(prevClass, prevRootOnly, forward: false, ref backwardVisitor);
        if (backwardFound < 0)
            return null;
        var backwardPath = _graph.PathTo(backwardFound);
        var safeClass = backwardPath[^1].ClassId;

        var (safeBit, unsafeBit) = LockUsage.FindExclusiveMatch((int)_graph.UsageOf(safeClass), unsafeUsage);
        if (safeBit < 0)
            return null;

        // print_irq_lock_scenario's middle lock
        var middle = prevClass == safeClass ? nextClass : prevClass;
        var current = stack.Value;
        return new IrqSafeToUnsafeReport(
            task, ctx, LockUsage.StateName(safeBit),
            Print(next, nextClass), Print(prev, prevClass),
            PrintClass(safeClass), _graph.TryNode(safeClass)?.UsageTraces[safeBit] ?? LockTrace.Empty,
            PrintClass(unsafeClass), _graph.TryNode(unsafeClass)?.UsageTraces[unsafeBit] ?? LockTrace.Empty,
            Registry[middle].PrintedName,
            BackwardListing(backwardPath),
            ForwardListing(forwardPath, current),
            PrintAll(held), current);
    }

    private RecursiveLockingReport Recursive(
        ReadOnlySpan<HeldLock> held, in HeldLock prev, in HeldLock next, int nextClass, in LockdepTask task, ref LazyTrace stack) =>
        new(task, Print(next, nextClass), Print(prev, ClassOf(prev)), PrintAll(held), stack.Value);

    private CircularLockingReport Circular(
        ReadOnlySpan<HeldLock> held, in HeldLock prev, int prevClass, in HeldLock next, int nextClass,
        List<(int ClassId, DependencyEdge? Edge)> path, in LockdepTask task, ref LazyTrace stack)
    {
        // path: next's class ... prev's class. Printed from prev (#n) down to next (#0, the current stack).
        var current = stack.Value;
        var chain = new CircularChainEntry[path.Count];
        for (var i = path.Count - 1; i >= 0; i--)
            chain[path.Count - 1 - i] = new CircularChainEntry(i, PrintClass(path[i].ClassId), path[i].Edge?.Trace ?? current);
        var parent = path[^2].ClassId;
        return new CircularLockingReport(
            task, Print(next, nextClass), Print(prev, prevClass), chain,
            Registry[parent].PrintedName, parent == nextClass,
            next.Read, next.Sync, prev.Read, PrintAll(held), current);
    }

    private InconsistentLockStateReport Inconsistent(
        ReadOnlySpan<HeldLock> held, in HeldLock lk, int classId, int previousBit, int newBit, in IrqState ctx,
        in LockdepTask task, ref LazyTrace stack) =>
        new(task, ctx, LockUsage.Name(previousBit), LockUsage.Name(newBit),
            Print(lk, classId, 1 << newBit),
            _graph.TryNode(classId)?.UsageTraces[previousBit] ?? LockTrace.Empty,
            PrintAll(held), stack.Value);

    private IrqLockInversionReport Inversion(
        ReadOnlySpan<HeldLock> held, in HeldLock lk, int classId, int newBit, int excl, bool forwards,
        List<(int ClassId, DependencyEdge? Edge)> path, in LockdepTask task, ref LazyTrace stack)
    {
        var other = path[^1].ClassId;
        var otherUsage = (int)_graph.UsageOf(other);
        var irqClass = LockUsage.StateName((otherUsage & (1 << excl)) != 0 ? excl : excl | LockUsage.ReadMask);
        // print_irq_inversion_bug's middle: the class right after this one on the path.
        var middle = path.Count > 1 ? path[1].ClassId : classId;
        var (safe, unsafeClass) = forwards ? (classId, other) : (other, classId);
        // print_irq_lock_scenario: a middle equal to the safe lock falls back to the unsafe one.
        var middleClass = middle == safe ? unsafeClass : middle;
        var current = stack.Value;
        return new IrqLockInversionReport(
            task, Print(lk, classId, 1 << newBit), forwards, irqClass, PrintClass(other),
            Registry[safe].PrintedName, Registry[unsafeClass].PrintedName, Registry[middleClass].PrintedName,
            ForwardListing(path, current, 1 << newBit), PrintAll(held), current);
    }

    /// <summary><c>print_shortest_lock_dependencies</c>: leaf first, each with the stack of the edge into it
    /// (the root with the current stack).</summary>
    private List<DependencyPathEntry> ForwardListing(
        List<(int ClassId, DependencyEdge? Edge)> path, LockTrace current, int rootExtraUsage = 0)
    {
        // rootExtraUsage: a usage bit being marked on the root, which lockdep has already set when it prints.
        var entries = new List<DependencyPathEntry>(path.Count);
        for (var i = path.Count - 1; i >= 0; i--)
            entries.Add(new DependencyPathEntry(PrintClass(path[i].ClassId, i == 0 ? rootExtraUsage : 0), i,
                UsageTraces(path[i].ClassId), path[i].Edge?.Trace ?? current));
        return entries;
    }

    /// <summary><c>print_shortest_lock_dependencies_backwards</c>: leaf first with no "acquired at"; each
    /// later class shows the stack of the edge from the class printed before it.</summary>
    private List<DependencyPathEntry> BackwardListing(List<(int ClassId, DependencyEdge? Edge)> path)
    {
        var entries = new List<DependencyPathEntry>(path.Count);
        for (var i = path.Count - 1; i >= 0; i--)
            entries.Add(new DependencyPathEntry(PrintClass(path[i].ClassId), i, UsageTraces(path[i].ClassId),
                i == path.Count - 1 ? null : path[i + 1].Edge?.Trace));
        return entries;
    }

    private List<UsageTrace> UsageTraces(int classId)
    {
        var traces = new List<UsageTrace>();
        if (_graph.TryNode(classId) is not { } node)
            return traces;
        for (var bit = 0; bit <= LockUsage.Used; bit++)
            if ((node.Usage & (1 << bit)) != 0)
                traces.Add(new UsageTrace(LockUsage.Name(bit), node.UsageTraces[bit] ?? LockTrace.Empty));
        return traces;
    }

    /// <summary>
    /// The identity of "this held-lock chain ending in next" (lockdep's chain key), over the current irq
    /// context's locks. Trylock and nest-lock flags are hashed too, because they change which checks and
    /// edges a chain gets.
    /// </summary>
    private long ChainKey(ReadOnlySpan<HeldLock> held, int contextStart, in HeldLock next, int nextClass, LockIrqContext context)
    {
        var hash = 0x9E3779B97F4A7C15UL ^ (ulong)context;
        for (var i = contextStart; i < held.Length; i++)
            hash = Mix(hash ^ Identity(held[i], ClassOf(held[i])));
        hash = Mix(hash ^ Identity(next, nextClass) ^ 0x5bd1e995UL);
        return (long)hash;
    }

    private static ulong Identity(in HeldLock lk, int classId) =>
        ((ulong)(uint)classId << 8) | ((ulong)lk.Read << 2) | (lk.Trylock ? 2UL : 0) | (lk.NestLock != 0 ? 1UL : 0)
        | (lk.Sync ? 1UL << 7 : 0);

    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }

    /// <summary>The current stack, captured at most once per call and only when something needs it.</summary>
    private struct LazyTrace(ILockTraceSource? source)
    {
        private LockTrace? _trace;

        public LockTrace Value => _trace ??= source?.Capture() ?? LockTrace.Empty;
    }
}
