using Lockstep.Kernel.Contexts;
using Lockstep.Kernel.Bugs;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// kzalloc/kmalloc/kcalloc/kfree. Sizes are bytes as sizeof gives them (8 per cell). A GFP flag with
/// __GFP_DIRECT_RECLAIM (GFP_KERNEL) may sleep; GFP_ATOMIC and GFP_NOWAIT do not. Memory is always zeroed
/// (kmalloc's garbage is not modelled). An allocation the kernel lets fail (see <see cref="Allocation"/>) returns
/// NULL in some interleavings: the search explores both outcomes.
/// </summary>
public static class MemoryPrimitives
{
    /// <summary>GFP bits as in include/linux/gfp_types.h.</summary>
    public const long GfpDirectReclaim = 0x400;
    public const long GfpKswapdReclaim = 0x800;
    public const long GfpHigh = 0x20;
    public const long GfpRetryMayFail = 0x4000;
    public const long GfpNoFail = 0x8000;
    public const long GfpNoRetry = 0x10000;
    public const long GfpKernel = GfpDirectReclaim | GfpKswapdReclaim | 0x40 | 0x80;
    public const long GfpAtomic = GfpHigh | GfpKswapdReclaim;
    public const long GfpNoWait = GfpKswapdReclaim;

    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        yield return new Allocation("kzalloc", k, c => c.Arg(0), gfpArgument: 1);
        yield return new Allocation("kmalloc", k, c => c.Arg(0), gfpArgument: 1);
        yield return new Allocation("kcalloc", k, c => c.Arg(0) * c.Arg(1), gfpArgument: 2);
        yield return new Free("kfree", k);
        yield return new Free("kvfree", k);
        yield return new MarkOomVictim(k);
        // Local: sets a cell of the caller's own context that only the caller ever writes.
        yield return new LocalPrimitive("lockstep_user_task", k, call =>
        {
            KernelContext.Of(call.Thread).UserTask = true;
            return 0;
        });
    }

    /// <summary>PAGE_ALLOC_COSTLY_ORDER (3): allocations up to 2^3 pages are "too small to fail" for a task that is
    /// not an OOM victim.</summary>
    public const long CostlyBytes = 4096L << 3;

    /// <summary>The GFP mask as the kernel's names for it, for traces.</summary>
    public static string GfpName(long gfp) => (gfp & ~0x2100L) switch // __GFP_NOWARN and __GFP_ZERO aside
    {
        GfpKernel => "GFP_KERNEL",
        GfpAtomic => "GFP_ATOMIC",
        GfpNoWait => "GFP_NOWAIT",
        _ => $"gfp 0x{gfp:x}",
    };

    /// <summary>
    /// An allocation. It may fail — one of the search's choices, taken at most <see cref="KernelConfig.MaxAllocFailures"/>
    /// times per thread — when the kernel lets it: never with __GFP_NOFAIL; always under CONFIG_FAILSLAB (the fault
    /// injection of mm/failslab.c); otherwise when it cannot reclaim (GFP_ATOMIC, GFP_NOWAIT: no
    /// __GFP_DIRECT_RECLAIM) or says it may fail (__GFP_NORETRY, __GFP_RETRY_MAYFAIL). GFP_KERNEL allocations of the
    /// sizes models use are "too small to fail" (mm/page_alloc.c, __alloc_pages_slowpath() retries them) and succeed.
    /// </summary>
    /// <remarks>Local when it cannot fail: the new object is private to this thread until a pointer to it is
    /// published (a visible store), so nothing another thread can reach is touched. When it can fail it is a step of
    /// its own with an empty footprint — its outcome is the thread's own choice, independent of every other step.</remarks>
    private sealed class Allocation(string name, KernelServices kernel, Func<IntrinsicCall, long> bytes, int gfpArgument)
        : Primitive(name, IntrinsicKind.Local, kernel)
    {
        private const int Fails = 1;

        private bool MayFail(IntrinsicCall call)
        {
            var gfp = call.Arg(gfpArgument);
            if ((gfp & GfpNoFail) != 0) return false;
            if (KernelContext.Of(call.Thread).AllocFailures >= Kernel.Config.MaxAllocFailures) return false;
            return GfpMayFail(gfp);
        }

        private bool GfpMayFail(long gfp) =>
            Kernel.Config.FailSlab || (gfp & GfpDirectReclaim) == 0 || (gfp & (GfpNoRetry | GfpRetryMayFail)) != 0;

        /// <summary>
        /// A reclaiming allocation (order ≤ PAGE_ALLOC_COSTLY_ORDER) of a user task fails only once the task is an OOM
        /// victim: mm/page_alloc.c, __alloc_pages_slowpath(): a victim gets ALLOC_OOM (oom_reserves_allowed()), and
        /// after __alloc_pages_may_oom() "Avoid allocations with no watermarks from looping endlessly: if
        /// (tsk_is_oom_victim(current) &amp;&amp; (alloc_flags &amp; ALLOC_OOM || ...)) goto nopage". Whether the thread
        /// is a victim is another thread's write, so such an allocation is always a step of its own (two choices)
        /// whose footprint reads the mark; its failing choice fails only if the mark is set, and otherwise is the
        /// same success.
        /// </summary>
        private bool MayFailAsVictim(IntrinsicCall call)
        {
            var gfp = call.Arg(gfpArgument);
            var ctx = KernelContext.Of(call.Thread);
            return ctx.UserTask && (gfp & GfpNoFail) == 0 && (gfp & GfpDirectReclaim) != 0
                && ctx.AllocFailures < Kernel.Config.MaxAllocFailures && bytes(call) <= CostlyBytes && !MayFail(call);
        }

        public override int ChoiceCount(IntrinsicCall call) => MayFail(call) || MayFailAsVictim(call) ? 2 : 1;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var gfp = call.Arg(gfpArgument);
            // might_alloc(): an allocation that may reclaim may sleep, whether or not it then succeeds.
            if ((gfp & GfpDirectReclaim) != 0) Kernel.Sleep.MightSleep(call, Name);
            if (call.Choice == Fails && (MayFail(call) || KernelContext.Of(call.Thread).OomVictim))
            {
                var ctx = KernelContext.Of(call.Thread);
                ctx.AllocFailures++;
                call.Result = 0;
                return IntrinsicOutcome.Done;
            }
            call.Result = call.Allocate((int)Math.Max(1, (bytes(call) + 7) / 8));
            return IntrinsicOutcome.Done;
        }

        public override string? DescribeChoice(IntrinsicCall call) =>
            call.Choice != Fails ? null
            : GfpMayFail(call.Arg(gfpArgument)) ? $"{Name} failed ({GfpName(call.Arg(gfpArgument))})"
            : KernelContext.Of(call.Thread).OomVictim ? $"{Name} failed ({GfpName(call.Arg(gfpArgument))}, OOM victim)"
            : null;

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            if (MayFailAsVictim(call)) sink.Add(KernelContext.Location(call.ThreadId, KernelContext.OomVictimCell), write: false);
        }
        public override StaticFootprint Static => StaticFootprint.Tasks;
    }

    /// <summary>
    /// lockstep_mark_oom_victim(task): the part of mm/oom_kill.c's mark_oom_victim() that the allocator sees —
    /// tsk_is_oom_victim() (signal->oom_mm, shared by the process's threads) becomes true for the thread
    /// <c>task</c> (a kthread_run() handle standing for one thread of the victim process). A model marks every thread
    /// of the victim's thread group. Only threads that called lockstep_user_task() are affected (kernel threads are
    /// never OOM victims: oom_unkillable_task()).
    /// </summary>
    private sealed class MarkOomVictim(KernelServices kernel) : Primitive("lockstep_mark_oom_victim", IntrinsicKind.Visible, kernel)
    {
        private static int Target(IntrinsicCall call) => Pointer.IsTask(call.Arg(0)) ? Pointer.TaskThread(call.Arg(0)) : -1;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var target = Target(call);
            if (target < 0 || target >= call.State.ThreadCount)
                call.Fail(BugKind.NullDereference, "lockstep_mark_oom_victim() of something that is not a task",
                    "lockstep_mark_oom_victim() needs the task kthread_run() returned");
            KernelContext.Of(call.State.Thread(target)).OomVictim = true;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            var target = Target(call);
            if (target < 0) { sink.MarkGlobal(); return; }
            sink.Add(KernelContext.Location(target, KernelContext.OomVictimCell), write: true);
        }

        public override StaticFootprint Static => StaticFootprint.Tasks;
    }

    /// <summary>kfree is a scheduling point: it decides whether another thread's later access is a use-after-free.</summary>
    private sealed class Free(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            call.Free(call.Arg(0));
            return IntrinsicOutcome.Done;
        }
    }
}
