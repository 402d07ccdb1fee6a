using Lockstep.Kernel.Bugs;
using System.Collections.Concurrent;
using Lockstep.Kernel.Contexts;
using Lockstep.Kernel.Lockdep;
using Lockstep.Kernel.Splats;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Where lock primitives meet lockdep. The held-lock stack lives in the state vector (<see cref="HeldLocks"/>); the
/// class registry and the dependency graph live here and accumulate over the whole search, shared by all workers,
/// so an inversion is predicted as soon as both orders have been explored on any paths.
/// </summary>
public sealed class LockdepBridge
{
    private readonly LockdepValidator _validator;
    private readonly SplatFormatter _formatter;
    private readonly ConcurrentDictionary<int, string> _locations = new();
    [ThreadStatic] private static HeldLock[]? _buffer;

    public LockdepBridge(KernelConfig config)
    {
        Config = config;
        Registry = new LockClassRegistry();
        Graph = new LockdepGraph(Registry);
        _validator = new LockdepValidator(Graph, new LockdepConfig(
            ProveRawLockNesting: config.ProveRawLockNesting,
            PreemptRt: config.PreemptRt,
            QueuedRwlocks: config.QueuedRwlocks,
            CheckWaitContext: config.ProveRawLockNesting));
        _formatter = new SplatFormatter(SplatEnvironment.Default with { PreemptRt = config.PreemptRt, Release = SplatEnvironment.ReleaseOf(config.Version) });
        // mm/page_alloc.c: static struct lockdep_map __fs_reclaim_map = STATIC_LOCKDEP_MAP_INIT("fs_reclaim", ...):
        // a class of its own that no model object holds, so nothing is read to name it.
        Registry.Intern(LockClassRegistry.FsReclaimKey, "fs_reclaim", LockClassKind.Pseudo);
    }

    public KernelConfig Config { get; }
    public LockClassRegistry Registry { get; }
    public LockdepGraph Graph { get; }
    public SplatFormatter Formatter => _formatter;

    /// <summary>Validates an acquisition before it happens (recursive locking, circular dependency, wait context, irq usage).</summary>
    /// <param name="disablesHardirqs">The primitive disables interrupts before it takes the lock (spin_lock_irq*), as lockdep then sees it.</param>
    /// <param name="disablesSoftirqs">The primitive disables bottom halves first (spin_lock_bh).</param>
    /// <param name="nestLock">For *_nest_lock(): the lock that serialises taking several locks of this class.</param>
    public void Acquire(IntrinsicCall call, in HeldEntry next, string? atFunction = null, bool disablesHardirqs = false, bool disablesSoftirqs = false, long nestLock = 0)
    {
        if (!Config.Lockdep) return;
        var held = Convert(call, HeldLocks.Of(call.Thread));
        var ctx = IrqStateOf(call.Thread);
        if (disablesHardirqs) ctx = ctx with { HardirqsEnabled = false };
        if (disablesSoftirqs) ctx = ctx with { SoftirqsEnabled = false };
        var sync = atFunction is not null;
        var lockdepNext = ToLockdep(call, next, ctx.Context, atFunction) with { Sync = sync, NestLock = nestLock };
        var report = _validator.Acquire(held, lockdepNext, ctx, Task(call), new ThreadTrace(call));
        // hlock->nest_lock->name: the nest lock's own name (read only now: a lock the task does not hold has no class here yet).
        if (report is NestedLockNotTakenReport notTaken) report = notTaken with { NestLockName = LockObject.ClassName(call, nestLock) };
        if (report is not null) Fail(call, report);
    }

    /// <summary>Would acquiring <paramref name="next"/> now be reported as recursive locking, a circular dependency, or a
    /// nest lock not held? (<see cref="LockdepValidator.WouldReportDeadlock"/>: the blocked task's own lock_acquire()
    /// reports it.)</summary>
    public bool WouldReportDeadlock(IntrinsicCall call, in HeldEntry next, long nestLock = 0)
    {
        if (!Config.Lockdep) return false;
        var held = Convert(call, HeldLocks.Of(call.Thread));
        if (held.Length == 0 && nestLock == 0) return false;
        var ctx = IrqStateOf(call.Thread);
        return _validator.WouldReportDeadlock(held, ToLockdep(call, next, ctx.Context, null) with { NestLock = nestLock }, ctx);
    }

    /// <summary>Lockdep sees a map acquired and released at once (touch_work_lockdep_map() and touch_wq_lockdep_map() in
    /// kernel/workqueue.c): the dependencies of the held locks on it are checked and recorded, nothing stays held.</summary>
    public void Touch(IntrinsicCall call, long map)
    {
        if (!Config.Lockdep) return;
        var entry = new HeldEntry(map, LockObject.ClassKey(call, map), LockKind.LockMap, AcquireMode.Write, 0, false, call.Site, IrqContextOf(call.Thread));
        Acquire(call, entry);
    }

    /// <summary>fs_reclaim_acquire(): lockdep takes the fs_reclaim map (a held entry with no object behind it).</summary>
    public static HeldEntry FsReclaim(IntrinsicCall call, int irqContext) =>
        new(LockClassRegistry.FsReclaimKey, LockClassRegistry.FsReclaimKey, LockKind.LockMap, AcquireMode.Write, 0, false, call.Site, irqContext);

    /// <summary>A successful trylock: lockdep records the acquisition (lock_acquire with trylock=1) without the deadlock
    /// checks; its class is known from now on, named from the lock's own cells, so that later conversions of the held
    /// list read nothing outside the lock each primitive acts on.</summary>
    public void Trylocked(IntrinsicCall call, in HeldEntry entry)
    {
        if (!Config.Lockdep) return;
        ClassIdOf(call, entry.Address, entry.ClassKey, entry.Kind);
    }

    /// <summary>Finds the held entry a release refers to, or fails with lockdep's bad-unlock report.</summary>
    public int Release(IntrinsicCall call, long address, string function)
    {
        var heldLocks = HeldLocks.Of(call.Thread);
        var index = heldLocks.IndexOf(address);
        if (index >= 0) return index;
        var held = Convert(call, heldLocks);
        var classId = ClassIdOf(call, address, LockObject.ClassKey(call, address), LockKind.Spin);
        var report = _validator.Release(held, address, classId, Task(call), function, Location(call, call.Site), new ThreadTrace(call));
        if (report is not null) Fail(call, report);
        var title = $"WARNING: bad unlock balance detected! ({function})";
        call.Fail(BugKind.BadUnlock, title, title + "\n" + FormatHeldLocks(call));
        return -1;
    }

    /// <summary>Initialising a lock that is held is reported as lockdep does when the memory of a held lock is re-initialised.</summary>
    public void Reinit(IntrinsicCall call, long address)
    {
        if (!Config.Lockdep) return;
        // This thread's own held locks (as debug_check_no_locks_freed() checks current's), and for another holder what
        // the lock itself records (its owner cell, in the init's footprint): another thread's held-lock list is
        // private to it, and reading it would be an access no footprint declares.
        var holder = HeldLocks.Of(call.Thread).Holds(address) ? call.ThreadId : -1;
        if (holder < 0 && call.TryRead(address + LockObject.Owner, out var owner) && owner > 0 && owner - 1 < call.State.ThreadCount) holder = (int)owner - 1;
        if (holder < 0) return;
        var held = Convert(call, HeldLocks.Of(call.Thread));
        var report = holder == call.ThreadId ? _validator.Reinit(held, address, Task(call), new ThreadTrace(call)) : null;
        var name = LockObject.ClassName(call, address);
        var text = report is not null ? _formatter.Format(report)
            : $"DEBUG_LOCKS_WARN_ON(lock held by {call.ThreadName(holder)})\n{call.ThreadName(call.ThreadId)} re-initialises ({name}) while {call.ThreadName(holder)} holds it\n";
        call.Fail(BugKind.LockReinit, $"{report?.Title ?? "WARNING: lock re-initialised while held"} ({name} held by {call.ThreadName(holder)})", text);
    }

    /// <summary>local_irq_enable() / local_bh_enable(): lockdep marks the held locks as taken with interrupts enabled.</summary>
    public void IrqsEnabled(IntrinsicCall call, bool hardirqs)
    {
        if (!Config.Lockdep) return;
        var heldLocks = HeldLocks.Of(call.Thread);
        if (heldLocks.Count == 0) return;
        var held = Convert(call, heldLocks);
        var ctx = IrqStateOf(call.Thread);
        var report = hardirqs
            ? _validator.HardirqsOn(held, ctx, Task(call), new ThreadTrace(call))
            : _validator.SoftirqsOn(held, ctx, Task(call), new ThreadTrace(call));
        if (report is not null) Fail(call, report);
    }

    /// <summary>The held locks as lockdep prints them in every splat.</summary>
    public IReadOnlyList<PrintedLock> PrintHeld(IntrinsicCall call) => _validator.PrintAll(Convert(call, HeldLocks.Of(call.Thread)));

    /// <summary>"N locks held by comm/pid:" and one line per held lock, as debug_show_held_locks() prints.</summary>
    public string FormatHeldLocks(IntrinsicCall call)
    {
        var printed = PrintHeld(call);
        var task = Task(call);
        if (printed.Count == 0) return $"no locks held by {task.Comm}/{task.Pid}.\n";
        var sb = new System.Text.StringBuilder();
        sb.Append($"{printed.Count} lock{(printed.Count == 1 ? "" : "s")} held by {task.Comm}/{task.Pid}:\n");
        for (var i = 0; i < printed.Count; i++) sb.Append($" #{i}: ").Append(SplatFormatter.LockLine(printed[i])).Append('\n');
        return sb.ToString();
    }

    public static LockdepTask Task(IntrinsicCall call) => new(call.ThreadName(call.ThreadId), KernelBugs.Pid(call.ThreadId));

    public IrqState IrqStateOf(ModelThread thread) => IrqStateOf(thread, Config.PreemptRt);

    /// <summary>
    /// The irq state lockdep sees. On PREEMPT_RT lockdep_softirq_enter() is a no-op (include/linux/irqflags.h:
    /// softirqs run in threads there), so softirq context is invisible to lockdep.
    /// </summary>
    public static IrqState IrqStateOf(ModelThread thread, bool preemptRt)
    {
        var ctx = KernelContext.Of(thread);
        var softirq = !preemptRt && ctx.Softirq > 0;
        return new IrqState(ctx.Hardirq > 0, softirq, ctx.IrqsOff == 0, preemptRt || (ctx.BhOff == 0 && ctx.Softirq == 0), ctx.ThreadedHardirq);
    }

    public int IrqContextOf(ModelThread thread) => (int)IrqStateOf(thread).Context;

    public void Fail(IntrinsicCall call, KernelSplat report)
    {
        var title = report switch
        {
            RecursiveLockingReport r => $"{r.Title} ({r.Acquiring.Class.Name})",
            CircularLockingReport c => $"{c.Title} ({c.AlreadyHeld.Class.Name} -> {c.Acquiring.Class.Name})",
            InvalidWaitContextReport w => $"{w.Title} ({w.Acquiring.Class.Name})",
            _ => report.Title,
        };
        call.Fail(report.Kind, title, _formatter.Format(report), report);
    }

    /// <summary>Has lockdep recorded that some task took <paramref name="to"/> while holding <paramref name="from"/>
    /// (classes by their printed names)? Lets a search look for the step that records a dependency.</summary>
    public bool HasDependency(string from, string to)
    {
        int fromId = -1, toId = -1;
        for (var i = 0; i < Registry.Count; i++)
        {
            var name = Registry[i].Name;
            if (name == from) fromId = i;
            if (name == to) toId = i;
        }
        return fromId >= 0 && toId >= 0 && Graph.HasEdge(fromId, toId);
    }

    private ReadOnlySpan<HeldLock> Convert(IntrinsicCall call, HeldLocks held)
    {
        var buffer = _buffer;
        if (buffer is null || buffer.Length < held.Count) _buffer = buffer = new HeldLock[Math.Max(16, held.Count * 2)];
        for (var i = 0; i < held.Count; i++)
        {
            var e = held[i];
            buffer[i] = ToLockdep(call, e, (LockIrqContext)e.IrqContext, null);
        }
        return buffer.AsSpan(0, held.Count);
    }

    private HeldLock ToLockdep(IntrinsicCall call, in HeldEntry e, LockIrqContext irq, string? atFunction)
    {
        var classId = ClassIdOf(call, e.Address, e.ClassKey, e.Kind);
        var site = call.Program.Site(e.Site);
        var function = atFunction ?? site?.Function ?? "?";
        var read = e.Mode switch
        {
            AcquireMode.Read => LockReadMode.Read,
            AcquireMode.RecursiveRead => LockReadMode.RecursiveRead,
            _ => LockReadMode.Exclusive,
        };
        return new HeldLock(classId, e.Address, read, e.Subclass, e.Trylock, function, Location(call, e.Site), irq);
    }

    private int ClassIdOf(IntrinsicCall call, long address, long key, LockKind kind)
    {
        if (Registry.TryGet(key, out var cls)) return cls.Id;
        var (baseKey, subclass) = LockObject.SplitKey(key);
        if (subclass != 0)
        {
            // lockdep_set_subclass(): the lock's acquisitions take that subclass of its class.
            var baseId = ClassIdOf(call, address, baseKey, kind);
            var sub = Registry.Subclass(baseId, subclass);
            Registry.Alias(key, sub);
            return sub.Id;
        }
        var name = LockObject.ClassName(call, address);
        return Registry.Intern(key, name, ClassKindOf(kind)).Id;
    }

    private static LockClassKind ClassKindOf(LockKind kind) => kind switch
    {
        LockKind.Spin => LockClassKind.Spin,
        LockKind.RawSpin => LockClassKind.RawSpin,
        LockKind.RwLock => LockClassKind.RwLock,
        LockKind.Mutex => LockClassKind.Mutex,
        LockKind.RwSem => LockClassKind.RwSem,
        LockKind.Srcu => LockClassKind.Srcu,
        LockKind.Rcu => LockClassKind.Rcu,
        LockKind.RcuSched => LockClassKind.RcuSched,
        // On PREEMPT_RT too the map is the local_lock_t's own, still LD_LOCK_PERCPU (local_lock_internal.h).
        LockKind.LocalLock => LockClassKind.PerCpu,
        _ => LockClassKind.Pseudo,
    };

    private string Location(IntrinsicCall call, int site) =>
        _locations.GetOrAdd(site, s => call.Program.Site(s) is { } ss ? $"{ss.File}:{ss.Line}" : "");

    /// <summary>The model's frames innermost first, as a kernel backtrace prints them, with the model line after each.</summary>
    public static List<string> KernelFrames(IntrinsicCall call)
    {
        var frames = call.Frames();
        var list = new List<string>(frames.Count + 3);
        for (var i = frames.Count - 1; i >= 0; i--)
            list.Add($"{KernelAddresses.Symbol(frames[i].Function, frames[i].Location)} ({frames[i].Location})");
        return list;
    }

    /// <summary>The thread's call chain, innermost first, captured only when lockdep records something new.</summary>
    private sealed class ThreadTrace(IntrinsicCall call) : ILockTraceSource
    {
        public LockTrace Capture()
        {
            return new LockTrace(KernelFrames(call));
        }
    }
}
