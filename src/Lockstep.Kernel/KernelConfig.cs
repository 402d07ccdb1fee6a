namespace Lockstep.Kernel;

/// <summary>
/// The Kconfig-like switches that change kernel semantics. Built from the <c>--config X</c> names of a check
/// (the same names also define <c>CONFIG_X</c> for the model's preprocessor).
/// </summary>
public sealed record KernelConfig
{
    /// <summary>CONFIG_PREEMPT_RT: spinlock_t and rwlock_t are sleeping locks (rt_spin_lock, with an implied RCU read section).</summary>
    public bool PreemptRt { get; init; }
    /// <summary>CONFIG_PROVE_RAW_LOCK_NESTING: lockdep's wait-type checks ("Invalid wait context").</summary>
    public bool ProveRawLockNesting { get; init; }
    /// <summary>The proposed scheduler change: RT sleeping spinlocks pass __might_resched() inside non_block sections.</summary>
    public bool RtlockInNonBlock { get; init; }
    /// <summary>CONFIG_QUEUED_RWLOCKS: read_lock() in task context is not a recursive read for lockdep.</summary>
    public bool QueuedRwlocks { get; init; }
    /// <summary>CONFIG_FAILSLAB fault injection: every allocation without __GFP_NOFAIL may fail.</summary>
    public bool FailSlab { get; init; }
    /// <summary>Failed allocations a thread may see on one path (<c>--max-alloc-failures</c>); each is a choice of the search.</summary>
    public int MaxAllocFailures { get; init; } = DefaultMaxAllocFailures;
    public const int DefaultMaxAllocFailures = 1;
    /// <summary>Lockdep can be switched off (<c>--config NO_LOCKDEP</c>) to see only real deadlocks.</summary>
    public bool Lockdep { get; init; } = true;
    /// <summary>The kernel version the model follows (its <c>lockstep-kernel:</c> line): the release the reports print.</summary>
    public KernelVersion Version { get; init; } = KernelVersion.Default;

    public static readonly IReadOnlyList<string> Known =
        ["PREEMPT_RT", "PROVE_RAW_LOCK_NESTING", "RTLOCK_IN_NON_BLOCK", "QUEUED_RWLOCKS", "NO_LOCKDEP", "FAILSLAB", "PROVE_LOCKING", "LOCKDEP"];

    /// <summary>Builds the configuration from config names; unknown names only define CONFIG_X for the preprocessor.</summary>
    public static KernelConfig From(IEnumerable<string> configs)
    {
        var set = new HashSet<string>(configs.Select(c => c.StartsWith("CONFIG_", StringComparison.Ordinal) ? c[7..] : c), StringComparer.Ordinal);
        return new KernelConfig
        {
            PreemptRt = set.Contains("PREEMPT_RT"),
            ProveRawLockNesting = set.Contains("PROVE_RAW_LOCK_NESTING"),
            RtlockInNonBlock = set.Contains("RTLOCK_IN_NON_BLOCK"),
            QueuedRwlocks = set.Contains("QUEUED_RWLOCKS"),
            FailSlab = set.Contains("FAILSLAB"),
            Lockdep = !set.Contains("NO_LOCKDEP"),
        };
    }
}
