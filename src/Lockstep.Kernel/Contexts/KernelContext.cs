using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Contexts;

/// <summary>
/// The kernel execution context of one thread, kept in the thread's context cells of the state vector:
/// preemption, interrupts, bottom halves, RCU read side, the non-blocking section count of
/// <c>non_block_start()</c>, hard/soft irq context, and kthread bookkeeping.
/// </summary>
public readonly struct KernelContext(ModelThread thread)
{
    public const int Cells = 21;

    public const int PreemptCount = 0;
    public const int IrqsDisabled = 1;
    public const int BhDisabled = 2;
    public const int NonBlock = 3;
    public const int RcuDepth = 4;
    public const int HardirqDepth = 5;
    public const int SoftirqDepth = 6;
    public const int StopRequested = 7;
    public const int MigrateDisabled = 8;
    public const int HardirqThreaded = 9;
    public const int RcuReadIndex = 10;
    public const int TaskStateCell = 11;
    public const int DeferredItemCell = 12;
    public const int DeferredPhaseCell = 13;
    public const int KthreadFnCell = 14;
    public const int WaitQueueCell = 15;
    public const int WaitSeqCell = 16;
    public const int AllocFailuresCell = 17;
    public const int HostCell = 18;
    public const int OomVictimCell = 19;
    public const int UserTaskCell = 20;

    public static KernelContext Of(ModelThread thread) => new(thread);

    /// <summary>The cells a primitive of another thread touches: the task state (a wake-up sets it back to
    /// TASK_RUNNING), the stop request (kthread_stop), a runner's work item or timer and its phase (flush_work,
    /// cancel_work_sync and del_timer_sync look for the runner of an item, as the kernel looks at
    /// worker->current_work and base->running_timer), and a waiter's wait-queue entry (waitqueue_active). Every
    /// access to them is in a footprint.</summary>
    public const ulong SharedCells = 1UL << TaskStateCell | 1UL << StopRequested
        | 1UL << DeferredItemCell | 1UL << DeferredPhaseCell | 1UL << WaitQueueCell | 1UL << WaitSeqCell | 1UL << HostCell
        | 1UL << OomVictimCell;

    /// <summary>The footprint location of context cell <paramref name="cell"/> of thread <paramref name="thread"/>.</summary>
    public static long Location(int thread, int cell) => ThreadLocations.Context(thread, cell);

    /// <summary>Adds <paramref name="cells"/> of every thread of the state (for a primitive that looks through all threads).</summary>
    public static void AddEveryThread(IntrinsicCall call, IFootprintSink sink, bool write, params ReadOnlySpan<int> cells)
    {
        for (var t = 0; t < call.State.ThreadCount; t++)
            foreach (var cell in cells) sink.Add(Location(t, cell), write);
    }

    /// <summary>The cells interrupt delivery reads (an interrupt arrives only with irqs on, outside hardirq): only a
    /// scheduling point changes them, so that a window with interrupts enabled has a point where one may arrive.</summary>
    public const ulong DeliveryCells = 1UL << IrqsDisabled | 1UL << HardirqDepth;

    private long Get(int cell) => thread.ReadContext(cell);
    private void Set(int cell, long value) => thread.WriteContext(cell, value);

    public long Preempt { get => Get(PreemptCount); set => Set(PreemptCount, value); }
    public long IrqsOff { get => Get(IrqsDisabled); set => Set(IrqsDisabled, value); }
    public long BhOff { get => Get(BhDisabled); set => Set(BhDisabled, value); }
    public long NonBlockCount { get => Get(NonBlock); set => Set(NonBlock, value); }
    public long RcuNesting { get => Get(RcuDepth); set => Set(RcuDepth, value); }
    public long Hardirq { get => Get(HardirqDepth); set => Set(HardirqDepth, value); }
    public long Softirq { get => Get(SoftirqDepth); set => Set(SoftirqDepth, value); }
    public bool ShouldStop { get => Get(StopRequested) != 0; set => Set(StopRequested, value ? 1 : 0); }
    public long Migrate { get => Get(MigrateDisabled); set => Set(MigrateDisabled, value); }
    /// <summary>Which of the two RCU reader counters the outermost rcu_read_lock() used.</summary>
    public long RcuIndex { get => Get(RcuReadIndex); set => Set(RcuReadIndex, value); }
    /// <summary>set_current_state(): 0 TASK_RUNNING, 1 TASK_INTERRUPTIBLE, 2 TASK_UNINTERRUPTIBLE; a wake-up sets it back to 0.</summary>
    public long TaskState { get => Get(TaskStateCell); set => Set(TaskStateCell, value); }
    /// <summary>For a thread that runs one queued work item or armed timer: the item (0 once it is done with it).</summary>
    public long DeferredItem { get => Get(DeferredItemCell); set => Set(DeferredItemCell, value); }
    /// <summary>That runner's phase and kind (see <c>DeferredRunners</c>).</summary>
    public long DeferredPhase { get => Get(DeferredPhaseCell); set => Set(DeferredPhaseCell, value); }
    /// <summary>For a kthread not yet started: the thread function kthread() will call (kernel/kthread.c).</summary>
    public long KthreadFn { get => Get(KthreadFnCell); set => Set(KthreadFnCell, value); }
    /// <summary>The wait queue this thread's wait entry is on (prepare_to_wait_event() to finish_wait()), and the
    /// queue's wake-up sequence when it was added: a wake-up since then has removed it (autoremove_wake_function()).</summary>
    public long WaitQueue { get => Get(WaitQueueCell); set => Set(WaitQueueCell, value); }
    public long WaitSeq { get => Get(WaitSeqCell); set => Set(WaitSeqCell, value); }
    public bool ThreadedHardirq { get => Get(HardirqThreaded) != 0; set => Set(HardirqThreaded, value ? 1 : 0); }
    /// <summary>Allocations that failed on this thread's path so far (injected failures are capped per thread).</summary>
    public long AllocFailures { get => Get(AllocFailuresCell); set => Set(AllocFailuresCell, value); }
    /// <summary>For a timer runner delivered as the softirq of another thread's CPU: that thread's id + 1 (0 when it runs
    /// on a CPU of its own). The host cannot run until the runner is done.</summary>
    public long Host { get => Get(HostCell); set => Set(HostCell, value); }
    /// <summary>tsk_is_oom_victim(): the OOM killer marked this thread's process (mark_oom_victim() published
    /// signal->oom_mm). Written by the thread that marks it, read by this thread's allocations.</summary>
    public bool OomVictim { get => Get(OomVictimCell) != 0; set => Set(OomVictimCell, value ? 1 : 0); }
    /// <summary>The thread stands for a user-space task (no PF_KTHREAD): the OOM killer may mark it, so its
    /// reclaiming allocations are steps whose outcome depends on <see cref="OomVictim"/>. Written only by itself.</summary>
    public bool UserTask { get => Get(UserTaskCell) != 0; set => Set(UserTaskCell, value ? 1 : 0); }

    /// <summary>The kernel's preempt_count() value: preemption depth, softirq (0x100 per bh-disable / 0x100 in softirq) and hardirq (0x10000) bits.</summary>
    public long PreemptCountValue => Preempt + 0x200 * BhOff + 0x100 * Softirq + 0x10000 * Hardirq;

    /// <summary>in_atomic() as __might_resched sees it.</summary>
    public bool InAtomic => PreemptCountValue != 0;

    /// <summary>
    /// preempt_count() under CONFIG_PREEMPT_RT: bottom halves are disabled by a per-CPU lock and softirqs (timers,
    /// RCU callbacks) run in preemptible task context, so neither counts.
    /// </summary>
    public long RtPreemptCountValue => Preempt + 0x10000 * Hardirq;

    public long PreemptCountFor(bool preemptRt) => preemptRt ? RtPreemptCountValue : PreemptCountValue;
    public bool InAtomicFor(bool preemptRt) => PreemptCountFor(preemptRt) != 0;

    /// <summary>Preemption, bottom halves or interrupts off: a thread looping here keeps its CPU from everything else
    /// (what the soft-lockup watchdog reports).</summary>
    public bool KeepsItsCpu => KeepsCpu(Preempt, IrqsOff, BhOff);

    /// <summary><see cref="KeepsItsCpu"/> for context cells captured earlier (a fault's copy).</summary>
    public static bool KeepsItsCpuIn(IReadOnlyList<long> cells) =>
        cells.Count > BhDisabled && KeepsCpu(cells[PreemptCount], cells[IrqsDisabled], cells[BhDisabled]);

    private static bool KeepsCpu(long preempt, long irqsOff, long bhOff) => preempt > 0 || irqsOff > 0 || bhOff > 0;
}
