using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Contexts;

/// <summary>
/// The kernel execution context of one thread, kept in the thread's context cells of the state vector:
/// preemption, interrupts, bottom halves, RCU read side, the non-blocking section count of
/// <c>non_block_start()</c>, hard/soft irq context, and kthread bookkeeping.
/// </summary>
public readonly struct KernelContext(ModelThread thread)
{
    public const int Cells = 12;

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

    public static KernelContext Of(ModelThread thread) => new(thread);

    /// <summary>The cells a primitive of another thread touches: the task state (a wake-up sets it back to
    /// TASK_RUNNING) and the stop request (kthread_stop). Every access to them is in a footprint.</summary>
    public const ulong SharedCells = 1UL << TaskStateCell | 1UL << StopRequested;

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
    public bool ThreadedHardirq { get => Get(HardirqThreaded) != 0; set => Set(HardirqThreaded, value ? 1 : 0); }

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
