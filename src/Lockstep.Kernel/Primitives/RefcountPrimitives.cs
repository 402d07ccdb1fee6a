using Lockstep.Kernel.Bugs;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// refcount_t (include/linux/refcount.h, lib/refcount.c, v6.19): each operation one indivisible step on the counter
/// cell, with the kernel's saturation checks. Where the kernel saturates the counter and warns
/// (refcount_warn_saturate()), the model reports the warning as a <see cref="BugKind.Refcount"/> bug — as
/// panic_on_warn would stop there — since a get from zero or a put below zero means the object is used after (or
/// while) its last reference is dropped. kref (include/linux/kref.h) is built on these in the header.
/// </summary>
public static class RefcountPrimitives
{
    /// <summary>refcount_warn_saturate()'s cases (enum refcount_saturation_type) with their message and line in lib/refcount.c.</summary>
    private enum Saturation { AddNotZeroOverflow, AddOverflow, AddOnZero, SubUnderflow, DecLeak }

    private static (string Message, int Line) Text(Saturation s) => s switch
    {
        Saturation.AddNotZeroOverflow => ("saturated; leaking memory", 19),
        Saturation.AddOverflow => ("saturated; leaking memory", 22),
        Saturation.AddOnZero => ("addition on 0; use-after-free", 25),
        Saturation.SubUnderflow => ("underflow; use-after-free", 28),
        _ => ("decrement hit 0; leaking memory", 31),
    };

    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new Op("refcount_set", k, static (_, n) => (n, 0, null)),
        new Op("refcount_read", k, static (old, _) => (old, old, null), write: false),
        // __refcount_add(): atomic_fetch_add_relaxed, then !old → ADD_UAF, old < 0 or old + i < 0 → ADD_OVF.
        new Op("refcount_inc", k, static (old, _) => Add(old, 1)),
        new Op("refcount_add", k, static (old, i) => Add(old, i), valueFirst: true),
        // __refcount_add_not_zero(): no change from 0; a negative result saturates.
        new Op("refcount_inc_not_zero", k, static (old, _) => AddNotZero(old, 1)),
        new Op("refcount_add_not_zero", k, static (old, i) => AddNotZero(old, i), valueFirst: true),
        // __refcount_sub_and_test(): true when it dropped the last reference; below zero → SUB_UAF.
        new Op("refcount_dec_and_test", k, static (old, _) => SubAndTest(old, 1)),
        new Op("refcount_sub_and_test", k, static (old, i) => SubAndTest(old, i), valueFirst: true),
        // __refcount_dec(): old <= 1 → DEC_LEAK (a plain decrement must never drop the last reference).
        new Op("refcount_dec", k, static (old, _) => (old - 1, 0, old <= 1 ? Saturation.DecLeak : null)),
        // refcount_dec_if_one(): 1 → 0 by cmpxchg, otherwise nothing.
        new Op("refcount_dec_if_one", k, static (old, _) => old == 1 ? (0, 1, null) : (old, 0, null)),
        // refcount_dec_not_one(): false at 1; decrements otherwise (0 underflows).
        new Op("refcount_dec_not_one", k, static (old, _) => old == 1 ? (old, 0, null) : (old - 1, 1, old <= 0 ? Saturation.SubUnderflow : null)),
    ];

    private static (long, long, Saturation?) Add(long old, long i) =>
        (old + i, 0, old == 0 ? Saturation.AddOnZero : old < 0 || old + i < 0 ? Saturation.AddOverflow : null);

    private static (long, long, Saturation?) AddNotZero(long old, long i) =>
        old == 0 ? (0, 0, null) : (old + i, 1, old < 0 || old + i < 0 ? Saturation.AddNotZeroOverflow : null);

    private static (long, long, Saturation?) SubAndTest(long old, long i) =>
        (old - i, old == i ? 1 : 0, old - i < 0 ? Saturation.SubUnderflow : null);

    /// <summary>
    /// One refcount operation: (old, argument) → (new value, result, the saturation case it hits). The refcount_t is
    /// the first argument, or the second for the forms that take a count first (refcount_add(i, r)).
    /// </summary>
    private sealed class Op(string name, KernelServices kernel, Func<long, long, (long New, long Result, Saturation? Warn)> op,
        bool write = true, bool valueFirst = false) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        private long Target(IntrinsicCall call) => valueFirst ? call.Arg(1) : call.Arg(0);

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var r = Target(call);
            var old = call.Read(r);
            var (next, result, warn) = op(old, valueFirst ? call.Arg(0) : call.Arg(1));
            if (warn is { } w) Warn(call, w, old);
            if (write && next != old) call.Write(r, next);
            call.Result = result;
            return IntrinsicOutcome.Done;
        }

        /// <summary>REFCOUNT_WARN(): WARN_ONCE in refcount_warn_saturate(), with the caller's stack.</summary>
        private void Warn(IntrinsicCall call, Saturation s, long old)
        {
            var (message, line) = Text(s);
            var pid = KernelBugs.Pid(call.ThreadId);
            var comm = call.ThreadName(call.ThreadId);
            var where = call.SourceSite is { } site ? $" ({Name} at {site.File}:{site.Line})" : "";
            var report = "------------[ cut here ]------------\n" +
                         $"refcount_t: {message}.\n" +
                         $"WARNING: CPU: 0 PID: {pid} at lib/refcount.c:{line} refcount_warn_saturate+0x0/0x0\n" +
                         $"CPU: 0 PID: {pid} Comm: {comm} Not tainted\n" +
                         $"RIP: 0010:refcount_warn_saturate+0x0/0x0\n" +
                         $"{Name}() found the count at {old}\n" +
                         "Call Trace:\n <TASK>\n" + string.Concat(LockdepBridge.KernelFrames(call).Select(f => $" {f}\n")) + " </TASK>\n";
            call.Fail(BugKind.Refcount, $"refcount_t: {message}.{where}", report);
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(Target(call), write);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }
}
