using Lockstep.Kernel.Contexts;
using Lockstep.Machine.Execution;

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
    }

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
            return Kernel.Config.FailSlab || (gfp & GfpDirectReclaim) == 0 || (gfp & (GfpNoRetry | GfpRetryMayFail)) != 0;
        }

        public override int ChoiceCount(IntrinsicCall call) => MayFail(call) ? 2 : 1;

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var gfp = call.Arg(gfpArgument);
            // might_alloc() (mm/slub.c, slab_pre_alloc_hook()): an allocation that may reclaim takes lockdep's
            // fs_reclaim map and may sleep, whether or not it then succeeds.
            AnnotationPrimitives.MightAlloc(call, Kernel, gfp, Name);
            if (call.Choice == Fails)
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
            call.Choice == Fails ? $"{Name} failed ({GfpName(call.Arg(gfpArgument))})" : null;

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) { }
        public override StaticFootprint Static => StaticFootprint.None;
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
