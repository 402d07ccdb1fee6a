// Peer benchmark: the three Lockstep scenarios (bench/peers/lockstep/*.c) under Coyote's systematic tester.
//
// Each kernel thread of the model is a real OS thread driven as a Coyote *controlled operation*
// (Microsoft.Coyote.Runtime.Operation: Start / OnStarted / ScheduleNext / PauseUntil / OnCompleted), so
// Coyote decides every interleaving at the same visible operations as the Lockstep and SPIN models (a
// scheduling point before each shared load/store or lock operation). A thread that waits (lock held, SRCU
// grace period, rcuwait) is paused with PauseUntil(condition); when every operation is paused Coyote reports
// a deadlock. Safety checks are Specification.Assert. Coyote samples schedules: it never proves "ok".
//
// usage: peer-coyote <scenario> [--vcpus N] [--invalidations N] [--iterations N] [--seeds N] [--max-steps N]
//                    [--strategy portfolio|random]
//   --strategy random: Coyote's uniformly random scheduler alone (the peer of 'lockstep check --search random',
//   bench/peers/sampling.sh); the default is Coyote's own default, its tuned portfolio of strategies.
//   scenario: srcu_self_deadlock | flag_early_return | invalidate_fault_memslot
// Prints one line per seed and a summary line "RESULT key=value ..." that bench/peers/run.sh parses.

using System.Diagnostics;
using Microsoft.Coyote;
using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;

namespace PeerCoyote;

/// <summary>Kernel-thread harness: every shared access is preceded by a scheduling point.</summary>
internal sealed class Kernel
{
    private readonly List<ulong> ops = new();

    public void KthreadRun(Action body)
    {
        ulong id = Operation.CreateNext() ?? throw new InvalidOperationException("Coyote is not attached");
        var thread = new Thread(() =>
        {
            try
            {
                Operation.OnStarted(id);
                body();
                Operation.OnCompleted();
                Operation.ScheduleNext();
            }
            catch (ThreadInterruptedException)
            {
                // Coyote ends the iteration (bug found, deadlock, or step bound): it interrupts paused threads.
            }
        }) { IsBackground = true };
        Operation.Start(id);
        thread.Start();
        Operation.ScheduleNext();
        this.ops.Add(id);
    }

    public void WaitAll()
    {
        foreach (ulong id in this.ops)
            Operation.PauseUntilCompleted(id);
    }

    /// <summary>A visible operation: Coyote may switch threads here.</summary>
    public static void Step() => Operation.ScheduleNext();

    public static void WaitUntil(Func<bool> condition)
    {
        Step();
        if (!condition())
            Operation.PauseUntil(condition);
    }
}

/// <summary>spinlock_t as a test-and-set lock; a waiter is paused until it is free.</summary>
internal sealed class SpinLock
{
    private bool held;

    public void Lock()
    {
        Kernel.WaitUntil(() => !this.held);
        this.held = true;
    }

    public void Unlock()
    {
        Kernel.Step();
        this.held = false;
    }
}

/// <summary>SRCU as Lockstep models it: two reader counters; a grace period flips the index and waits for the
/// old index's readers to drain.</summary>
internal sealed class Srcu
{
    private int idx;
    private readonly int[] readers = new int[2];

    public int ReadLock()
    {
        Kernel.Step();
        int i = this.idx;
        this.readers[i]++;
        return i;
    }

    public void ReadUnlock(int i)
    {
        Kernel.Step();
        this.readers[i]--;
    }

    public void Synchronize()
    {
        Kernel.Step();
        int old = this.idx;
        this.idx = 1 - old;
        Kernel.WaitUntil(() => this.readers[old] == 0);
    }
}

/// <summary>struct page with a reference count: freed at zero.</summary>
internal sealed class Page
{
    public int Refcount = 1;
    public bool Freed => this.Refcount == 0;

    public void Get()
    {
        Kernel.Step();
        this.Refcount++;
    }

    public void Put()
    {
        Kernel.Step();
        this.Refcount--;
    }

    public void Access()
    {
        Kernel.Step();
        Specification.Assert(!this.Freed, "use-after-free: guest access to a freed page");
    }
}

internal enum SlotState { Gone, Invalid, Valid }

/// <summary>The shared state of one iteration: struct kvm, the mm and the global mmu-notifier SRCU.</summary>
internal sealed class World
{
    public readonly SpinLock MnInvalidateLock = new();
    public long MnActiveInvalidateCount;
    public readonly SpinLock MmuLock = new();
    public long MmuInvalidateInProgress;
    public long MmuInvalidateSeq;
    public readonly Srcu KvmSrcu = new();
    public readonly Srcu NotifierSrcu = new();
    public SlotState Slot = SlotState.Valid;
    public Page? Spte;
    public readonly SpinLock Ptl = new();
    public readonly SpinLock SubscriptionsLock = new();
    public Page? Pte = new();
    public bool Registered = true;
    public long MnKilled;
    public bool OomReaping;

    // --- which scenario ---
    public bool UseSlots;      // scenario 3: memslot state decides whether a range hits KVM
    public bool UseNotifier;   // scenarios 1 and 2: callbacks go through the mmu-notifier core
    public bool EarlyReturn;   // scenario 2

    private T Read<T>(ref T field)
    {
        Kernel.Step();
        return field;
    }

    // ---- KVM's subscriber ----

    private bool RangeHitsSlot() => !this.UseSlots || this.Read(ref this.Slot) != SlotState.Gone;

    public void KvmInvalidateRangeStart()
    {
        if (this.EarlyReturn && this.Read(ref this.OomReaping))
            return;
        this.MnInvalidateLock.Lock();
        Kernel.Step();
        this.MnActiveInvalidateCount++;
        this.MnInvalidateLock.Unlock();
        if (this.RangeHitsSlot())
        {
            this.MmuLock.Lock();
            Kernel.Step();
            this.MmuInvalidateInProgress++;
            Kernel.Step();
            this.Spte = null;
            this.MmuLock.Unlock();
        }
    }

    public void KvmInvalidateRangeEnd()
    {
        if (this.EarlyReturn && this.Read(ref this.OomReaping))
            return;
        if (this.RangeHitsSlot())
        {
            this.MmuLock.Lock();
            Kernel.Step();
            this.MmuInvalidateSeq++;
            Kernel.Step();
            this.MmuInvalidateInProgress--;
            this.MmuLock.Unlock();
        }
        this.MnInvalidateLock.Lock();
        Kernel.Step();
        Specification.Assert(this.MnActiveInvalidateCount != 0, "WARN_ON_ONCE(!mn_active_invalidate_count)");
        if (this.MnActiveInvalidateCount != 0)
            this.MnActiveInvalidateCount--;
        this.MnInvalidateLock.Unlock();
        // rcuwait_wake_up: the waiter's PauseUntil condition re-reads the count.
    }

    private void KvmRelease()
    {
        this.MmuLock.Lock();
        Kernel.Step();
        this.Spte = null;
        this.MmuLock.Unlock();
    }

    // ---- mm/mmu_notifier.c ----

    public void NotifierStart()
    {
        if (!this.UseNotifier)
        {
            this.KvmInvalidateRangeStart();
            return;
        }
        int id = this.NotifierSrcu.ReadLock();
        if (this.Read(ref this.Registered))
            this.KvmInvalidateRangeStart();
        this.NotifierSrcu.ReadUnlock(id);
    }

    public void NotifierEnd()
    {
        if (!this.UseNotifier)
        {
            this.KvmInvalidateRangeEnd();
            return;
        }
        int id = this.NotifierSrcu.ReadLock();
        if (this.Read(ref this.Registered))
            this.KvmInvalidateRangeEnd();
        this.NotifierSrcu.ReadUnlock(id);
    }

    private void MmuNotifierUnregister()
    {
        if (this.Read(ref this.Registered))
        {
            int id = this.NotifierSrcu.ReadLock();
            this.KvmRelease();
            this.NotifierSrcu.ReadUnlock(id);
            this.SubscriptionsLock.Lock();
            Kernel.Step();
            this.Registered = false;
            this.SubscriptionsLock.Unlock();
        }
        this.NotifierSrcu.Synchronize();
    }

    /// <summary>The seed's ->oom_enter: kvm_mmu_notifier_detach().</summary>
    private void KvmDetach()
    {
        Kernel.Step();
        long was = this.MnKilled;
        this.MnKilled = 1;
        if (was != 0)
            return;
        this.MmuNotifierUnregister();
        Kernel.Step();
        if (this.MnActiveInvalidateCount != 0)
        {
            Kernel.Step();
            this.MnActiveInvalidateCount = 0;
        }
        else
        {
            Kernel.Step();
            Specification.Assert(this.MmuInvalidateInProgress == 0, "WARN_ON(mmu_invalidate_in_progress)");
        }
    }

    public void MmuNotifierOomEnter()
    {
        int id = this.NotifierSrcu.ReadLock();
        if (this.Read(ref this.Registered))
        {
            if (this.EarlyReturn)
            {
                Kernel.Step();
                this.OomReaping = true;
            }
            else
            {
                this.KvmDetach();
            }
        }
        this.NotifierSrcu.ReadUnlock(id);
    }

    // ---- the threads ----

    private void UnmapAndFree()
    {
        this.Ptl.Lock();
        Page? old = this.Read(ref this.Pte);
        Kernel.Step();
        this.Pte = null;
        this.Ptl.Unlock();
        old?.Put();
    }

    public void Invalidator()
    {
        this.NotifierStart();
        this.UnmapAndFree();
        this.NotifierEnd();
    }

    private Page HvaToPfn()
    {
        this.Ptl.Lock();
        Page? page = this.Read(ref this.Pte);
        if (page is null)
        {
            page = new Page();
            Kernel.Step();
            this.Pte = page;
        }
        page.Get();
        this.Ptl.Unlock();
        return page;
    }

    public void Vcpu()
    {
        int idx = 0;
        if (this.UseSlots)
        {
            idx = this.KvmSrcu.ReadLock();
            if (this.Read(ref this.Slot) != SlotState.Valid)
            {
                this.KvmSrcu.ReadUnlock(idx);
                return;
            }
        }
        Page page;
        while (true)
        {
            long mmuSeq = this.Read(ref this.MmuInvalidateSeq);
            page = this.HvaToPfn();
            this.MmuLock.Lock();
            if (this.Read(ref this.MmuInvalidateInProgress) != 0 || this.Read(ref this.MmuInvalidateSeq) != mmuSeq)
            {
                this.MmuLock.Unlock();
                page.Put();
                continue;
            }
            break;
        }
        Kernel.Step();
        this.Spte = page;
        this.MmuLock.Unlock();
        page.Put();

        this.MmuLock.Lock();                       // guest access through the SPTE
        Page? p = this.Read(ref this.Spte);
        p?.Access();
        this.MmuLock.Unlock();
        if (this.UseSlots)
            this.KvmSrcu.ReadUnlock(idx);
    }

    private void SwapActiveMemslots(SlotState state)
    {
        this.MnInvalidateLock.Lock();
        while (this.Read(ref this.MnActiveInvalidateCount) != 0)
        {
            this.MnInvalidateLock.Unlock();
            Kernel.WaitUntil(() => this.MnActiveInvalidateCount == 0);   // rcuwait_wait_event
            this.MnInvalidateLock.Lock();
        }
        Kernel.Step();
        this.Slot = state;
        this.MnInvalidateLock.Unlock();
        this.KvmSrcu.Synchronize();
    }

    public void MemslotUpdater()
    {
        this.SwapActiveMemslots(SlotState.Invalid);
        this.MmuLock.Lock();                       // kvm_arch_flush_shadow_memslot
        Kernel.Step();
        this.Spte = null;
        this.MmuLock.Unlock();
        this.SwapActiveMemslots(SlotState.Gone);
    }

    public void OomReaper()
    {
        this.NotifierStart();                      // non-blockable; KVM's start never fails
        this.UnmapAndFree();
        this.NotifierEnd();
    }
}

internal static class Scenarios
{
    public static int Vcpus = 1;
    public static int Invalidations = 1;

    public static void SrcuSelfDeadlock() => Run(new World { UseNotifier = true }, oom: true, reaper: false, updater: false);

    public static void FlagEarlyReturn() => Run(new World { UseNotifier = true, EarlyReturn = true }, oom: true, reaper: true, updater: false);

    public static void InvalidateFaultMemslot() => Run(new World { UseSlots = true }, oom: false, reaper: false, updater: true);

    private static void Run(World w, bool oom, bool reaper, bool updater)
    {
        var k = new Kernel();
        for (int i = 0; i < Invalidations; i++)
            k.KthreadRun(w.Invalidator);
        for (int i = 0; i < Vcpus; i++)
            k.KthreadRun(w.Vcpu);
        if (updater)
            k.KthreadRun(w.MemslotUpdater);
        if (oom)
        {
            k.KthreadRun(() =>
            {
                w.MmuNotifierOomEnter();
                if (reaper)
                {
                    var r = new Kernel();                  // queue_oom_reaper, then wait for it
                    r.KthreadRun(w.OomReaper);
                    r.WaitAll();
                }
            });
        }
        k.WaitAll();
        Specification.Assert(w.MnActiveInvalidateCount == 0, "mn_active_invalidate_count unbalanced at quiescence");
        Specification.Assert(w.MmuInvalidateInProgress == 0, "mmu_invalidate_in_progress unbalanced at quiescence");
    }
}

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: peer-coyote <srcu_self_deadlock|flag_early_return|invalidate_fault_memslot> [--vcpus N] [--invalidations N] [--iterations N] [--seeds N] [--max-steps N] [--strategy portfolio|random]");
            return 2;
        }
        string scenario = args[0];
        uint iterations = 10000, seeds = 5, maxSteps = 2000;
        string strategy = "portfolio";
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--vcpus": Scenarios.Vcpus = int.Parse(args[i + 1]); break;
                case "--invalidations": Scenarios.Invalidations = int.Parse(args[i + 1]); break;
                case "--iterations": iterations = uint.Parse(args[i + 1]); break;
                case "--seeds": seeds = uint.Parse(args[i + 1]); break;
                case "--max-steps": maxSteps = uint.Parse(args[i + 1]); break;
                case "--strategy" when args[i + 1] is "portfolio" or "random": strategy = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        Action test = scenario switch
        {
            "srcu_self_deadlock" => Scenarios.SrcuSelfDeadlock,
            "flag_early_return" => Scenarios.FlagEarlyReturn,
            "invalidate_fault_memslot" => Scenarios.InvalidateFaultMemslot,
            _ => throw new ArgumentException($"unknown scenario {scenario}"),
        };

        var total = Stopwatch.StartNew();
        var bugTimes = new List<double>();
        var bugIterations = new List<long>();
        long allIterations = 0, allSteps = 0;
        double searchSeconds = 0;
        string? firstBug = null;
        for (uint seed = 1; seed <= seeds; seed++)
        {
            var config = Configuration.Create()
                .WithTestingIterations(iterations)
                .WithRandomGeneratorSeed(seed)
                .WithMaxSchedulingSteps(maxSteps)
                .WithPartiallyControlledConcurrencyAllowed(false)
                .WithSystematicFuzzingFallbackEnabled(false)
                .WithConsoleLoggingEnabled(false)
                .WithTelemetryEnabled(false);
            if (strategy == "random")
                config = config.WithRandomStrategy();
            using var engine = TestingEngine.Create(config, test);
            var sw = Stopwatch.StartNew();
            engine.Run();
            sw.Stop();
            TestReport r = engine.TestReport;
            long its = r.NumOfExploredFairPaths + r.NumOfExploredUnfairPaths;
            allIterations += its;
            allSteps += r.TotalExploredFairSteps + r.TotalExploredUnfairSteps;
            searchSeconds += sw.Elapsed.TotalSeconds;
            string bug = r.BugReports.FirstOrDefault() ?? "";
            if (r.NumOfFoundBugs > 0)
            {
                bugTimes.Add(sw.Elapsed.TotalSeconds);
                bugIterations.Add(its);
                firstBug ??= bug;
            }
            Console.WriteLine($"seed {seed}: iterations {its}, {(r.NumOfFoundBugs > 0 ? "bug" : "no bug")}, {sw.Elapsed.TotalSeconds:F3}s{(bug.Length > 0 ? ": " + OneLine(bug) : "")}");
        }
        total.Stop();
        bugTimes.Sort();
        bugIterations.Sort();
        string verdict = bugTimes.Count > 0 ? "bug" : "no-bug-found";
        string median = bugTimes.Count > 0 ? bugTimes[bugTimes.Count / 2].ToString("F4") : "-";
        string medianIt = bugIterations.Count > 0 ? bugIterations[bugIterations.Count / 2].ToString() : "-";
        Console.WriteLine($"first bug: {(firstBug is null ? "none" : OneLine(firstBug))}");
        Console.WriteLine(
            $"RESULT verdict={verdict} strategy={strategy} seeds={seeds} seeds_with_bug={bugTimes.Count} median_time_to_bug={median} " +
            $"median_iterations_to_bug={medianIt} iterations={allIterations} steps={allSteps} search_seconds={searchSeconds:F3} " +
            $"iterations_per_s={(allIterations / Math.Max(searchSeconds, 1e-9)):F0} steps_per_s={(allSteps / Math.Max(searchSeconds, 1e-9)):F0}");
        return bugTimes.Count > 0 ? 1 : 0;
    }

    private static string OneLine(string s)
    {
        s = s.Replace('\n', ' ').Replace('\r', ' ');
        return s.Length > 200 ? s[..200] : s;
    }
}
