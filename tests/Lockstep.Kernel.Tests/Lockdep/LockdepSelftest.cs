using Lockstep.Kernel.Lockdep;
using Lockstep.Kernel.Splats;

namespace Lockstep.Kernel.Tests.Lockdep;

/// <summary>
/// A tiny driver in the shape of lib/locking-selftest.c: the same static locks (A..D distinct classes per lock
/// type; X1/X2, Y1/Y2, Z1/Z2 two instances of one class each), the same lock/unlock/irq macros, run by one
/// task against a fresh graph. As in the kernel, the first report switches checking off (debug_locks = 0),
/// and the test's verdict is whether a report happened.
/// </summary>
public sealed class LockdepSelftest
{
    private static readonly string[] Names = ["A", "B", "C", "D", "X1", "X2", "Y1", "Y2", "Z1", "Z2"];

    private readonly Dictionary<(string Type, string Name), (int ClassId, long Instance)> _locks = new();
    private readonly List<HeldLock> _held = [];
    private readonly LockdepTask _task = new("swapper/0", 1);
    private IrqState _irq = IrqState.TaskEnabled;

    public LockdepSelftest(LockdepConfig? config = null, bool forceReadLockRecursive = true)
    {
        Registry = new LockClassRegistry();
        Graph = new LockdepGraph(Registry);
        Validator = new LockdepValidator(Graph, config ?? LockdepConfig.Default);
        ForceReadLockRecursive = forceReadLockRecursive;
        long address = 0x100;
        var types = new[]
        {
            ("lock", LockClassKind.Spin), ("raw_lock", LockClassKind.RawSpin), ("rwlock", LockClassKind.RwLock),
            ("mutex", LockClassKind.Mutex), ("rwsem", LockClassKind.RwSem),
        };
        for (var t = 0; t < types.Length; t++)
        {
            var (type, kind) = types[t];
            foreach (var name in Names)
            {
                // Xn/Yn/Zn are initialised by one init_class_X() call site each: one class per letter.
                var shared = name.Length == 2;
                var key = shared ? (1L << 40) | ((long)t << 8) | name[0] : address;
                var className = shared ? $"&{type}_{name[0]}" : $"{type}_{name}";
                var cls = Registry.Intern(key, className, kind);
                _locks[(type, name)] = (cls.Id, address);
                address += 0x10;
            }
        }
        RcuClass = Registry.Intern(1L << 50, "rcu_read_lock", LockClassKind.Rcu).Id;
        RcuBhClass = Registry.Intern((1L << 50) + 1, "rcu_read_lock_bh", LockClassKind.Rcu).Id;
        RcuSchedClass = Registry.Intern((1L << 50) + 2, "rcu_read_lock_sched", LockClassKind.Rcu, LockWaitType.Spin, LockWaitType.Free).Id;
    }

    public LockClassRegistry Registry { get; }
    public LockdepGraph Graph { get; }
    public LockdepValidator Validator { get; }
    public bool ForceReadLockRecursive { get; }
    public int RcuClass { get; }
    public int RcuBhClass { get; }
    public int RcuSchedClass { get; }

    /// <summary>The first report, if any (the kernel's <c>debug_locks == 0</c>).</summary>
    public LockdepReport? Report { get; private set; }

    public IReadOnlyList<HeldLock> Held => _held;

    public IrqState Irq => _irq;

    // ---- LOCK/UNLOCK/INIT per header ----

    public void Lock(SelftestFlavor flavor, string name)
    {
        var (type, mode) = flavor switch
        {
            SelftestFlavor.Spin => ("lock", LockReadMode.Exclusive),
            SelftestFlavor.WLock => ("rwlock", LockReadMode.Exclusive),
            SelftestFlavor.RLock => ("rwlock", ReadLockMode()),
            SelftestFlavor.Mutex => ("mutex", LockReadMode.Exclusive),
            SelftestFlavor.WSem => ("rwsem", LockReadMode.Exclusive),
            _ => ("rwsem", LockReadMode.Read),
        };
        Acquire(type, name, mode);
    }

    public void Unlock(SelftestFlavor flavor, string name) => Release(TypeOf(flavor), name);

    public void Init(SelftestFlavor flavor, string name)
    {
        if (Report is not null)
            return;
        Report = Validator.Reinit(HeldSpan, _locks[(TypeOf(flavor), name)].Instance, _task);
    }

    // ---- the fixed-API shortcuts (L, U, WL, RL, ML, RSL, ...) ----

    public void L(string x) => Lock(SelftestFlavor.Spin, x);
    public void U(string x) => Unlock(SelftestFlavor.Spin, x);
    public void WL(string x) => Lock(SelftestFlavor.WLock, x);
    public void WU(string x) => Unlock(SelftestFlavor.WLock, x);
    public void RL(string x) => Lock(SelftestFlavor.RLock, x);
    public void RU(string x) => Unlock(SelftestFlavor.RLock, x);
    public void ML(string x) => Lock(SelftestFlavor.Mutex, x);
    public void MU(string x) => Unlock(SelftestFlavor.Mutex, x);
    public void WSL(string x) => Lock(SelftestFlavor.WSem, x);
    public void WSU(string x) => Unlock(SelftestFlavor.WSem, x);
    public void RSL(string x) => Lock(SelftestFlavor.RSem, x);
    public void RSU(string x) => Unlock(SelftestFlavor.RSem, x);
    public void RawL(string x) => Acquire("raw_lock", x, LockReadMode.Exclusive);
    public void RawU(string x) => Release("raw_lock", x);

    /// <summary>rcu_read_lock() and friends: a recursive read of an RCU map (check=0).</summary>
    public void RcuLock(int classId) => AcquireClass(classId, (1L << 30) + classId, LockReadMode.RecursiveRead, "rcu_read_lock");

    public void RcuUnlock(int classId) => ReleaseInstance((1L << 30) + classId, classId);

    // ---- interrupt macros ----

    /// <summary>HARDIRQ_ENTER(): local_irq_disable(); __irq_enter(); lockdep_hardirq_threaded().</summary>
    public void HardirqEnter(bool threaded = true) => _irq = _irq with { HardirqsEnabled = false, InHardirq = true, HardirqThreaded = threaded };

    /// <summary>HARDIRQ_EXIT(): __irq_exit(); local_irq_enable().</summary>
    public void HardirqExit()
    {
        _irq = _irq with { InHardirq = false, HardirqThreaded = false };
        HardirqEnable();
    }

    public void HardirqDisable() => _irq = _irq with { HardirqsEnabled = false };

    public void HardirqEnable()
    {
        if (_irq.HardirqsEnabled)
            return;
        _irq = _irq with { HardirqsEnabled = true };
        if (Report is null)
            Report = Validator.HardirqsOn(HeldSpan, _irq, _task);
    }

    /// <summary>SOFTIRQ_ENTER(): local_bh_disable(); local_irq_disable(); lockdep_softirq_enter().</summary>
    public void SoftirqEnter() => _irq = _irq with { SoftirqsEnabled = false, HardirqsEnabled = false, InSoftirq = true };

    /// <summary>SOFTIRQ_EXIT(): lockdep_softirq_exit(); local_irq_enable(); local_bh_enable().</summary>
    public void SoftirqExit()
    {
        _irq = _irq with { InSoftirq = false };
        HardirqEnable();
        SoftirqEnable();
    }

    public void SoftirqDisable() => _irq = _irq with { SoftirqsEnabled = false };

    public void SoftirqEnable()
    {
        if (_irq.SoftirqsEnabled)
            return;
        _irq = _irq with { SoftirqsEnabled = true };
        if (Report is null)
            Report = Validator.SoftirqsOn(HeldSpan, _irq, _task);
    }

    // ---- plumbing ----

    private ReadOnlySpan<HeldLock> HeldSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_held);

    /// <summary>read_lock(): recursive when the selftest forces it, else as read_lock_is_recursive() says.</summary>
    private LockReadMode ReadLockMode() =>
        ForceReadLockRecursive ? LockReadMode.RecursiveRead : Validator.Config.RwlockReadMode(_irq);

    private static string TypeOf(SelftestFlavor flavor) => flavor switch
    {
        SelftestFlavor.Spin => "lock",
        SelftestFlavor.WLock or SelftestFlavor.RLock => "rwlock",
        SelftestFlavor.Mutex => "mutex",
        _ => "rwsem",
    };

    private void Acquire(string type, string name, LockReadMode mode)
    {
        var (classId, instance) = _locks[(type, name)];
        AcquireClass(classId, instance, mode, $"{type}_{name}_locker");
    }

    private void AcquireClass(int classId, long instance, LockReadMode mode, string function)
    {
        var next = new HeldLock(classId, instance, mode, 0, false, function, "lib/locking-selftest.c", _irq.Context);
        if (Report is null)
            Report = Validator.Acquire(HeldSpan, next, _irq, _task);
        _held.Add(next);
    }

    private void Release(string type, string name)
    {
        var (classId, instance) = _locks[(type, name)];
        ReleaseInstance(instance, classId);
    }

    private void ReleaseInstance(long instance, int classId)
    {
        var index = LockdepValidator.FindHeld(HeldSpan, instance);
        if (index < 0)
        {
            Report ??= Validator.Release(HeldSpan, instance, classId, _task, "selftest_unlock");
            return;
        }
        _held.RemoveAt(index);
    }
}
