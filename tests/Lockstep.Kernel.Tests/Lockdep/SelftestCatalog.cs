using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;
using Lockstep.Kernel.Splats;

namespace Lockstep.Kernel.Tests.Lockdep;

/// <summary>
/// lib/locking-selftest.c's locking_selftest() table as data: the same scenarios, permutations and expected
/// results (ww_mutex, fs_reclaim and local_lock tests are left out: no such primitives here).
/// </summary>
public static class SelftestCatalog
{
    public const string Deadlocks = "deadlock-6R";
    public const string UnlockInit = "double-unlock/init-held";
    public const string RecursiveRead = "recursive-read";
    public const string RecursiveReadCycles = "recursive-read-cycles";
    public const string IrqSafety = "irq-context";
    public const string QueuedReadLock = "queued-read-lock";
    public const string WaitContext = "wait-context";
    public const string Special = "special";

    private static readonly SelftestFlavor[] SixFlavors =
        [SelftestFlavor.Spin, SelftestFlavor.WLock, SelftestFlavor.RLock, SelftestFlavor.Mutex, SelftestFlavor.WSem, SelftestFlavor.RSem];

    private static readonly SelftestFlavor[] IrqFlavors = [SelftestFlavor.Spin, SelftestFlavor.WLock, SelftestFlavor.RLock];

    public static IReadOnlyList<SelftestCase> All { get; } = Build().ToList();

    public static SelftestCase Find(string name) => All.Single(c => c.Name == name);

    public static IEnumerable<object[]> NamesOf(string group) => All.Where(c => c.Group == group).Select(c => new object[] { c.Name });

    private static IEnumerable<SelftestCase> Build()
    {
        // ---- DO_TESTCASE_6R: every lock type deadlocks except recursive read_lock ----
        var cycles = new (string Name, BugKind Kind, Action<LockdepSelftest, SelftestFlavor> Body)[]
        {
            ("AA", BugKind.RecursiveLocking, (t, f) => { t.Lock(f, "X1"); t.Lock(f, "X2"); }),
            ("ABBA", BugKind.CircularLocking, (t, f) => { Lu2(t, f, "A", "B"); Lu2(t, f, "B", "A"); }),
            ("ABBCCA", BugKind.CircularLocking, (t, f) => { Lu2(t, f, "A", "B"); Lu2(t, f, "B", "C"); Lu2(t, f, "C", "A"); }),
            ("ABCABC", BugKind.CircularLocking, (t, f) => { Lu2(t, f, "A", "B"); Lu2(t, f, "C", "A"); Lu2(t, f, "B", "C"); }),
            ("ABBCCDDA", BugKind.CircularLocking, (t, f) => { Lu2(t, f, "A", "B"); Lu2(t, f, "B", "C"); Lu2(t, f, "C", "D"); Lu2(t, f, "D", "A"); }),
            ("ABCDBDDA", BugKind.CircularLocking, (t, f) => { Lu2(t, f, "A", "B"); Lu2(t, f, "C", "D"); Lu2(t, f, "B", "D"); Lu2(t, f, "D", "A"); }),
            ("ABCDBCDA", BugKind.CircularLocking, (t, f) => { Lu2(t, f, "A", "B"); Lu2(t, f, "C", "D"); Lu2(t, f, "B", "C"); Lu2(t, f, "D", "A"); }),
        };
        foreach (var (name, kind, body) in cycles)
            foreach (var flavor in SixFlavors)
                yield return new SelftestCase(Deadlocks, $"{name}_{Tag(flavor)}", flavor == SelftestFlavor.RLock ? null : kind, t => body(t, flavor));

        // ---- DO_TESTCASE_6: double unlock, initialising a held lock ----
        foreach (var flavor in SixFlavors)
        {
            yield return new SelftestCase(UnlockInit, $"double_unlock_{Tag(flavor)}", BugKind.BadUnlock,
                t => { t.Lock(flavor, "A"); t.Unlock(flavor, "A"); t.Unlock(flavor, "A"); });
            yield return new SelftestCase(UnlockInit, $"init_held_{Tag(flavor)}", BugKind.LockReinit,
                t => { t.Lock(flavor, "A"); t.Init(flavor, "A"); });
        }

        // ---- recursive read-lock / mixed read-write ----
        yield return Case(RecursiveRead, "rlock_AA1", null, t => { t.RL("X1"); t.RL("X1"); });
        yield return Case(RecursiveRead, "rsem_AA1", BugKind.RecursiveLocking, t => { t.RSL("X1"); t.RSL("X1"); });
        yield return Case(RecursiveRead, "rlock_AA1B", null, t => { t.RL("X1"); t.RL("X2"); });
        yield return Case(RecursiveRead, "rsem_AA1B", BugKind.RecursiveLocking, t => { t.RSL("X1"); t.RSL("X2"); });
        yield return Case(RecursiveRead, "rlock_AA2", BugKind.RecursiveLocking, t => { t.RL("X1"); t.WL("X2"); });
        yield return Case(RecursiveRead, "rsem_AA2", BugKind.RecursiveLocking, t => { t.RSL("X1"); t.WSL("X2"); });
        yield return Case(RecursiveRead, "rlock_AA3", BugKind.RecursiveLocking, t => { t.WL("X1"); t.RL("X2"); });
        yield return Case(RecursiveRead, "rsem_AA3", BugKind.RecursiveLocking, t => { t.WSL("X1"); t.RSL("X2"); });
        yield return Case(RecursiveRead, "rlock_ABBA1", BugKind.CircularLocking, t =>
        {
            t.RL("X1"); t.L("Y1"); t.U("Y1"); t.RU("X1");
            t.L("Y1"); t.WL("X1"); t.WU("X1"); t.U("Y1");
        });
        yield return Case(RecursiveRead, "rwsem_ABBA1", BugKind.CircularLocking, t =>
        {
            t.RSL("X1"); t.ML("Y1"); t.MU("Y1"); t.RSU("X1");
            t.ML("Y1"); t.WSL("X1"); t.WSU("X1"); t.MU("Y1");
        });
        yield return Case(RecursiveRead, "rlock_ABBA2", null, t =>
        {
            t.RL("X1"); t.L("Y1"); t.U("Y1"); t.RU("X1");
            t.L("Y1"); t.RL("X1"); t.RU("X1"); t.U("Y1");
        });
        yield return Case(RecursiveRead, "rwsem_ABBA2", BugKind.CircularLocking, t =>
        {
            t.RSL("X1"); t.ML("Y1"); t.MU("Y1"); t.RSU("X1");
            t.ML("Y1"); t.RSL("X1"); t.RSU("X1"); t.MU("Y1");
        });
        yield return Case(RecursiveRead, "rlock_ABBA3", BugKind.CircularLocking, t =>
        {
            t.WL("X1"); t.L("Y1"); t.U("Y1"); t.WU("X1");
            t.L("Y1"); t.WL("X1"); t.WU("X1"); t.U("Y1");
        });
        yield return Case(RecursiveRead, "rwsem_ABBA3", BugKind.CircularLocking, t =>
        {
            t.WSL("X1"); t.ML("Y1"); t.MU("Y1"); t.WSU("X1");
            t.ML("Y1"); t.WSL("X1"); t.WSU("X1"); t.MU("Y1");
        });
        yield return Case(RecursiveRead, "rlock_chaincache_ABBA1", BugKind.CircularLocking, t =>
        {
            t.RL("X1"); t.L("Y1"); t.U("Y1"); t.RU("X1");
            t.L("Y1"); t.RL("X1"); t.RU("X1"); t.U("Y1");
            t.L("Y1"); t.WL("X1"); t.WU("X1"); t.U("Y1");
        });

        // ---- DO_TESTCASE_6x1RR(B): three-lock cycles of recursive readers ----
        foreach (var c in Permutations3(RecursiveReadCycles, "W1R2_W2R3_W3R1", BugKind.CircularLocking,
                     t => { t.WL("X1"); t.RL("Y1"); t.RU("Y1"); t.WU("X1"); },
                     t => { t.WL("Y1"); t.RL("Z1"); t.RU("Z1"); t.WU("Y1"); },
                     t => { t.WL("Z1"); t.RL("X1"); t.RU("X1"); t.WU("Z1"); }))
            yield return c;
        foreach (var c in Permutations3(RecursiveReadCycles, "W1W2_R2R3_W3R1", BugKind.CircularLocking,
                     t => { t.WL("X1"); t.WL("Y1"); t.WU("Y1"); t.WU("X1"); },
                     t => { t.RL("Y1"); t.RL("Z1"); t.RU("Z1"); t.RU("Y1"); },
                     t => { t.WL("Z1"); t.RL("X1"); t.RU("X1"); t.WU("Z1"); }))
            yield return c;
        foreach (var c in Permutations3(RecursiveReadCycles, "W1W2_R2R3_R3W1", null,
                     t => { t.WL("X1"); t.WL("Y1"); t.WU("Y1"); t.WU("X1"); },
                     t => { t.RL("Y1"); t.RL("Z1"); t.RU("Z1"); t.RU("Y1"); },
                     t => { t.RL("Z1"); t.WL("X1"); t.WU("X1"); t.RU("Z1"); }))
            yield return c;
        foreach (var c in Permutations3(RecursiveReadCycles, "W1R2_R2R3_W3W1", null,
                     t => { t.WL("X1"); t.RL("Y1"); t.RU("Y1"); t.WU("X1"); },
                     t => { t.RL("Y1"); t.RL("Z1"); t.RU("Z1"); t.RU("Y1"); },
                     t => { t.WL("Z1"); t.WL("X1"); t.WU("X1"); t.WU("Z1"); }))
            yield return c;

        foreach (var c in IrqCases())
            yield return c;
        foreach (var c in QueuedReadLockCases())
            yield return c;
        foreach (var c in WaitContextCases())
            yield return c;

        yield return Case(Special, "hardirq_unsafe_softirq_safe", BugKind.IrqInversion, HardirqUnsafeSoftirqSafe);
    }

    /// <summary>The irq-context matrices (DO_TESTCASE_2x6, 2x3, 6x6, 6x6RW, 6x2x2RW).</summary>
    private static IEnumerable<SelftestCase> IrqCases()
    {
        foreach (var hard in new[] { true, false })
        {
            var irq = hard ? "hard" : "soft";
            foreach (var flavor in IrqFlavors)
            {
                // DO_TESTCASE_3: spin and wlock fail, recursive rlock does not.
                var kind = flavor == SelftestFlavor.RLock ? (BugKind?)null : BugKind.IrqInversion;
                var tag = $"{irq}_{Tag(flavor)}";

                // irqs-on + irq-safe-A
                foreach (var c in Permutations2(IrqSafety, $"irqsafe1_{tag}", kind,
                             t => { IrqEnter(t, hard); t.Lock(flavor, "A"); t.Unlock(flavor, "A"); IrqExit(t, hard); },
                             t => { t.Lock(flavor, "A"); t.Unlock(flavor, "A"); }))
                    yield return c;

                // safe-A + irqs-on
                foreach (var c in Permutations2(IrqSafety, $"irqsafe2B_{tag}", kind,
                             t => { IrqEnter(t, hard); t.Lock(flavor, "A"); t.Unlock(flavor, "A"); IrqExit(t, hard); },
                             t => { IrqDisable(t, hard); t.Lock(flavor, "A"); IrqEnable(t, hard); t.Unlock(flavor, "A"); }))
                    yield return c;

                // safe-A + unsafe-B #1
                foreach (var c in Permutations3(IrqSafety, $"irqsafe3_{tag}", kind,
                             t => { t.Lock(flavor, "A"); t.Lock(flavor, "B"); t.Unlock(flavor, "B"); t.Unlock(flavor, "A"); },
                             t => { t.Lock(flavor, "B"); t.Unlock(flavor, "B"); },
                             t => { IrqEnter(t, hard); t.Lock(flavor, "A"); t.Unlock(flavor, "A"); IrqExit(t, hard); }))
                    yield return c;

                // safe-A + unsafe-B #2
                foreach (var c in Permutations3(IrqSafety, $"irqsafe4_{tag}", kind,
                             t => { IrqDisable(t, hard); t.Lock(flavor, "A"); t.Lock(flavor, "B"); t.Unlock(flavor, "B"); t.Unlock(flavor, "A"); IrqEnable(t, hard); },
                             t => { t.Lock(flavor, "B"); t.Unlock(flavor, "B"); },
                             t => { IrqEnter(t, hard); t.Lock(flavor, "A"); t.Unlock(flavor, "A"); IrqExit(t, hard); }))
                    yield return c;

                // irq lock-inversion: A is always an rwlock (write, then read in irq); B per flavor.
                foreach (var c in Permutations3(IrqSafety, $"irq_inversion_{tag}", kind,
                             t => { IrqDisable(t, hard); t.WL("A"); t.Lock(flavor, "B"); t.Unlock(flavor, "B"); t.WU("A"); IrqEnable(t, hard); },
                             t => { t.Lock(flavor, "B"); t.Unlock(flavor, "B"); },
                             t => { IrqEnter(t, hard); t.RL("A"); t.RU("A"); IrqExit(t, hard); }))
                    yield return c;
            }

            // sirq-safe-A => hirqs-on (soft only, plain headers)
            if (!hard)
            {
                foreach (var flavor in IrqFlavors)
                {
                    var kind = flavor == SelftestFlavor.RLock ? (BugKind?)null : BugKind.IrqInversion;
                    foreach (var c in Permutations2(IrqSafety, $"irqsafe2A_{Tag(flavor)}", kind,
                                 t => { t.SoftirqEnter(); t.Lock(flavor, "A"); t.Unlock(flavor, "A"); t.SoftirqExit(); },
                                 t => { t.HardirqDisable(); t.Lock(flavor, "A"); t.HardirqEnable(); t.Unlock(flavor, "A"); }))
                        yield return c;
                }
            }

            // DO_TESTCASE_2RW: irq read-recursion #1..#3, wlock fails, rlock does not.
            foreach (var flavor in new[] { SelftestFlavor.WLock, SelftestFlavor.RLock })
            {
                var kind = flavor == SelftestFlavor.RLock ? (BugKind?)null : BugKind.IrqInversion;
                var tag = $"{irq}_{Tag(flavor)}";
                foreach (var c in Permutations3(IrqSafety, $"irq_read_recursion_{tag}", kind,
                             t => { IrqDisable(t, hard); t.WL("A"); t.WU("A"); IrqEnable(t, hard); },
                             t => { t.RL("A"); t.RU("A"); },
                             t => { IrqEnter(t, hard); t.Lock(flavor, "A"); t.L("B"); t.U("B"); t.Unlock(flavor, "A"); IrqExit(t, hard); }))
                    yield return c;
                foreach (var c in Permutations3(IrqSafety, $"irq_read_recursion2_{tag}", kind,
                             t => { IrqDisable(t, hard); t.L("B"); t.Lock(flavor, "A"); t.Unlock(flavor, "A"); t.U("B"); IrqEnable(t, hard); },
                             t => { t.RL("A"); t.RU("A"); },
                             t => { IrqEnter(t, hard); t.L("B"); t.U("B"); IrqExit(t, hard); }))
                    yield return c;
                foreach (var c in Permutations3(IrqSafety, $"irq_read_recursion3_{tag}", kind,
                             t => { IrqDisable(t, hard); t.WL("B"); t.Lock(flavor, "A"); t.Unlock(flavor, "A"); t.WU("B"); IrqEnable(t, hard); },
                             t => { t.RL("A"); t.RU("A"); },
                             t => { IrqEnter(t, hard); t.RL("B"); t.RU("B"); IrqExit(t, hard); }))
                    yield return c;
            }
        }
    }

    /// <summary>queued_read_lock_tests(): read_lock in task context is a plain (non-recursive) reader.</summary>
    private static IEnumerable<SelftestCase> QueuedReadLockCases()
    {
        var queued = new LockdepConfig(QueuedRwlocks: true);
        // The irq's recursive A -(SN)-> B and the task's B -(EN)-> A form a strong cycle, which
        // check_noncircular() finds before check_irq_usage() runs: the kernel prints a circular splat.
        yield return new SelftestCase(QueuedReadLock, "queued_read_lock_hardirq_RE_Er", BugKind.CircularLocking, t =>
        {
            t.HardirqEnter(); t.RL("A"); t.WL("B"); t.WU("B"); t.RU("A"); t.HardirqExit();
            t.HardirqDisable(); t.WL("B"); t.RL("A"); t.RU("A"); t.WU("B"); t.HardirqEnable();
        }, queued, ForceReadLockRecursive: false);
        yield return new SelftestCase(QueuedReadLock, "queued_read_lock_hardirq_ER_rE", null, t =>
        {
            t.HardirqEnter(); t.WL("B"); t.RL("A"); t.RU("A"); t.WU("B"); t.HardirqExit();
            t.HardirqDisable(); t.RL("A"); t.WL("B"); t.WU("B"); t.RU("A"); t.HardirqEnable();
        }, queued, ForceReadLockRecursive: false);
        yield return new SelftestCase(QueuedReadLock, "queued_read_lock_hardirq_inversion", BugKind.IrqInversion, t =>
        {
            t.HardirqEnter(); t.WL("B"); t.WU("B"); t.HardirqExit();
            t.HardirqDisable(); t.WL("B"); t.RL("A"); t.RU("A"); t.WU("B"); t.HardirqEnable();
            t.RL("A"); t.RU("A");
        }, queued, ForceReadLockRecursive: false);
    }

    /// <summary>wait_context_tests(): 9 outer contexts x 4 inner locks, with PROVE_RAW_LOCK_NESTING.</summary>
    private static IEnumerable<SelftestCase> WaitContextCases()
    {
        var outers = new (string Name, Action<LockdepSelftest> Enter, Action<LockdepSelftest> Exit, bool SpinOk, bool MutexOk)[]
        {
            ("HARDIRQ", t => t.HardirqEnter(threaded: true), t => t.HardirqExit(), true, false),
            ("NOTTHREADED_HARDIRQ", t => t.HardirqEnter(threaded: false), t => t.HardirqExit(), false, false),
            ("SOFTIRQ", t => t.SoftirqEnter(), t => t.SoftirqExit(), true, false),
            ("RCU", t => t.RcuLock(t.RcuClass), t => t.RcuUnlock(t.RcuClass), true, false),
            ("RCU_BH", t => { t.SoftirqDisable(); t.RcuLock(t.RcuBhClass); }, t => { t.RcuUnlock(t.RcuBhClass); t.SoftirqEnable(); }, true, false),
            ("RCU_SCHED", t => t.RcuLock(t.RcuSchedClass), t => t.RcuUnlock(t.RcuSchedClass), false, false),
            ("raw_spinlock", t => t.RawL("A"), t => t.RawU("A"), false, false),
            ("spinlock", t => t.L("A"), t => t.U("A"), true, false),
            ("mutex", t => t.ML("A"), t => t.MU("A"), true, true),
        };
        var inners = new (string Name, Action<LockdepSelftest> Lock, Action<LockdepSelftest> Unlock)[]
        {
            ("RCU", t => t.RcuLock(t.RcuClass), t => t.RcuUnlock(t.RcuClass)),
            ("raw_spinlock", t => t.RawL("B"), t => t.RawU("B")),
            ("spinlock", t => t.L("B"), t => t.U("B")),
            ("mutex", t => t.ML("B"), t => t.MU("B")),
        };
        foreach (var outer in outers)
        {
            foreach (var inner in inners)
            {
                var ok = inner.Name switch
                {
                    "spinlock" => outer.SpinOk,
                    "mutex" => outer.MutexOk,
                    _ => true,
                };
                yield return new SelftestCase(WaitContext, $"{inner.Name}_in_{outer.Name}", ok ? null : BugKind.InvalidWaitContext, t =>
                {
                    outer.Enter(t); inner.Lock(t); inner.Unlock(t); outer.Exit(t);
                }, new LockdepConfig(ProveRawLockNesting: true));
            }
        }
    }

    /// <summary>hardirq_deadlock_softirq_not_deadlock(): safe -&gt; unsafe must be judged per irq type.</summary>
    private static void HardirqUnsafeSoftirqSafe(LockdepSelftest t)
    {
        t.ML("A"); t.HardirqDisable(); t.L("C"); t.U("C"); t.HardirqEnable(); t.MU("A");
        t.HardirqEnter(); t.L("A"); t.U("A"); t.HardirqExit();
        t.HardirqDisable(); t.L("A"); t.L("B"); t.U("B"); t.U("A"); t.HardirqEnable();
        t.HardirqDisable(); t.L("B"); t.L("C"); t.U("C"); t.U("B"); t.HardirqEnable();
        t.SoftirqEnter(); t.L("D"); t.U("D"); t.SoftirqExit();
        t.SoftirqDisable(); t.L("D"); t.U("D"); t.SoftirqEnable();
        t.HardirqDisable(); t.L("C"); t.L("D"); t.U("D"); t.U("C"); t.HardirqEnable();
    }

    private static void IrqEnter(LockdepSelftest t, bool hard)
    {
        if (hard) t.HardirqEnter(); else t.SoftirqEnter();
    }

    private static void IrqExit(LockdepSelftest t, bool hard)
    {
        if (hard) t.HardirqExit(); else t.SoftirqExit();
    }

    private static void IrqDisable(LockdepSelftest t, bool hard)
    {
        if (hard) t.HardirqDisable(); else t.SoftirqDisable();
    }

    private static void IrqEnable(LockdepSelftest t, bool hard)
    {
        if (hard) t.HardirqEnable(); else t.SoftirqEnable();
    }

    private static void Lu2(LockdepSelftest t, SelftestFlavor f, string x, string y)
    {
        t.Lock(f, x); t.Lock(f, y); t.Unlock(f, y); t.Unlock(f, x);
    }

    private static SelftestCase Case(string group, string name, BugKind? kind, Action<LockdepSelftest> body) => new(group, name, kind, body);

    private static IEnumerable<SelftestCase> Permutations2(string group, string name, BugKind? kind,
        Action<LockdepSelftest> e1, Action<LockdepSelftest> e2)
    {
        yield return Case(group, name + "_12", kind, t => { e1(t); e2(t); });
        yield return Case(group, name + "_21", kind, t => { e2(t); e1(t); });
    }

    private static IEnumerable<SelftestCase> Permutations3(string group, string name, BugKind? kind,
        Action<LockdepSelftest> e1, Action<LockdepSelftest> e2, Action<LockdepSelftest> e3)
    {
        var events = new[] { e1, e2, e3 };
        foreach (var order in new[] { "123", "132", "213", "231", "312", "321" })
            yield return Case(group, $"{name}_{order}", kind, t =>
            {
                foreach (var digit in order)
                    events[digit - '1'](t);
            });
    }

    private static string Tag(SelftestFlavor flavor) => flavor switch
    {
        SelftestFlavor.Spin => "spin",
        SelftestFlavor.WLock => "wlock",
        SelftestFlavor.RLock => "rlock",
        SelftestFlavor.Mutex => "mutex",
        SelftestFlavor.WSem => "wsem",
        _ => "rsem",
    };
}
