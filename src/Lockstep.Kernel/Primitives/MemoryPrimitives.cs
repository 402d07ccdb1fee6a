using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// kzalloc/kmalloc/kcalloc/kfree. Sizes are bytes as sizeof gives them (8 per cell). A GFP flag with
/// __GFP_DIRECT_RECLAIM (GFP_KERNEL) may sleep; GFP_ATOMIC and GFP_NOWAIT do not. Memory is always zeroed
/// (kmalloc's garbage is not modelled), and allocation never fails unless the model asks with nondet.
/// </summary>
public static class MemoryPrimitives
{
    /// <summary>__GFP_DIRECT_RECLAIM as in include/linux/gfp_types.h.</summary>
    public const long GfpDirectReclaim = 0x400;

    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        long Alloc(IntrinsicCall c, long bytes, long gfp)
        {
            if ((gfp & GfpDirectReclaim) != 0) k.Sleep.MightSleep(c, c.Name);
            return c.Allocate((int)Math.Max(1, (bytes + 7) / 8));
        }
        // Local: the new object is private to this thread until a pointer to it is published (a visible store); the
        // allocation touches no cell another thread can reach, and only the object's name depends on the order.
        yield return new LocalPrimitive("kzalloc", k, c => Alloc(c, c.Arg(0), c.Arg(1)));
        // Local: as kzalloc.
        yield return new LocalPrimitive("kmalloc", k, c => Alloc(c, c.Arg(0), c.Arg(1)));
        // Local: as kzalloc.
        yield return new LocalPrimitive("kcalloc", k, c => Alloc(c, c.Arg(0) * c.Arg(1), c.Arg(2)));
        yield return new Free("kfree", k);
        yield return new Free("kvfree", k);
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
