using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Contexts;

/// <summary>
/// The kernel execution context of one thread, kept in the thread's context cells of the state vector:
/// preemption, interrupts, bottom halves, RCU read side, the non-blocking section count of
/// <c>non_block_start()</c>, hard/soft irq context, and kthread bookkeeping.
/// </summary>
public readonly struct KernelContext(long[] cells)
{
    public const int Cells = 17;

    private const int PreemptCount = 0;
    private const int IrqsDisabled = 1;
    private const int BhDisabled = 2;
    private const int NonBlock = 3;
    private const int RcuDepth = 4;
    private const int HardirqDepth = 5;
    private const int SoftirqDepth = 6;
    private const int StopRequested = 7;
    private const int MigrateDisabled = 8;
    private const int HardirqThreaded = 9;
    private const int RcuReadIndex = 10;
    private const int TaskStateCell = 11;
    private const int DeferredItemCell = 12;
    private const int DeferredPhaseCell = 13;
    private const int KthreadFnCell = 14;
    private const int WaitQueueCell = 15;
    private const int WaitSeqCell = 16;

    public static KernelContext Of(ModelThread thread) => new(thread.Context);

    public long Preempt { get => cells[PreemptCount]; set => cells[PreemptCount] = value; }
    public long IrqsOff { get => cells[IrqsDisabled]; set => cells[IrqsDisabled] = value; }
    public long BhOff { get => cells[BhDisabled]; set => cells[BhDisabled] = value; }
    public long NonBlockCount { get => cells[NonBlock]; set => cells[NonBlock] = value; }
    public long RcuNesting { get => cells[RcuDepth]; set => cells[RcuDepth] = value; }
    public long Hardirq { get => cells[HardirqDepth]; set => cells[HardirqDepth] = value; }
    public long Softirq { get => cells[SoftirqDepth]; set => cells[SoftirqDepth] = value; }
    public bool ShouldStop { get => cells[StopRequested] != 0; set => cells[StopRequested] = value ? 1 : 0; }
    public long Migrate { get => cells[MigrateDisabled]; set => cells[MigrateDisabled] = value; }
    /// <summary>Which of the two RCU reader counters the outermost rcu_read_lock() used.</summary>
    public long RcuIndex { get => cells[RcuReadIndex]; set => cells[RcuReadIndex] = value; }
    /// <summary>set_current_state(): 0 TASK_RUNNING, 1 TASK_INTERRUPTIBLE, 2 TASK_UNINTERRUPTIBLE; a wake-up sets it back to 0.</summary>
    public long TaskState { get => cells[TaskStateCell]; set => cells[TaskStateCell] = value; }
    /// <summary>For a thread that runs one queued work item or armed timer: the item (0 once it is done with it).</summary>
    public long DeferredItem { get => cells[DeferredItemCell]; set => cells[DeferredItemCell] = value; }
    /// <summary>That runner's phase and kind (see <c>DeferredRunners</c>).</summary>
    public long DeferredPhase { get => cells[DeferredPhaseCell]; set => cells[DeferredPhaseCell] = value; }
    /// <summary>For a kthread not yet started: the thread function kthread() will call (kernel/kthread.c).</summary>
    public long KthreadFn { get => cells[KthreadFnCell]; set => cells[KthreadFnCell] = value; }
    /// <summary>The wait queue this thread's wait entry is on (prepare_to_wait_event() to finish_wait()), and the
    /// queue's wake-up sequence when it was added: a wake-up since then has removed it (autoremove_wake_function()).</summary>
    public long WaitQueue { get => cells[WaitQueueCell]; set => cells[WaitQueueCell] = value; }
    public long WaitSeq { get => cells[WaitSeqCell]; set => cells[WaitSeqCell] = value; }
    public bool ThreadedHardirq { get => cells[HardirqThreaded] != 0; set => cells[HardirqThreaded] = value ? 1 : 0; }

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
}
