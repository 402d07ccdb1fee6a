using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Read-modify-write operations, each one indivisible step on one cell: xchg/cmpxchg on any scalar, and the
/// atomic_t / atomic_long_t family (an atomic_t is a struct whose first cell is the counter). Sequential
/// consistency: the full barriers these imply in the kernel are what the model gives anyway.
/// </summary>
public static class AtomicPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices kernel)
    {
        yield return new Rmw("xchg", kernel, (old, a, _) => (a, old));
        yield return new Rmw("cmpxchg", kernel, (old, expected, desired) => (old == expected ? desired : old, old));
        yield return new Rmw("set_bit", kernel, (old, nr, _) => (old | (1L << (int)nr), 0), valueFirst: true);
        yield return new Rmw("clear_bit", kernel, (old, nr, _) => (old & ~(1L << (int)nr), 0), valueFirst: true);
        yield return new Rmw("test_bit", kernel, (old, nr, _) => (old, (old >> (int)nr) & 1), write: false, valueFirst: true);
        yield return new Rmw("test_and_set_bit", kernel, (old, nr, _) => (old | (1L << (int)nr), (old >> (int)nr) & 1), valueFirst: true);
        yield return new Rmw("test_and_clear_bit", kernel, (old, nr, _) => (old & ~(1L << (int)nr), (old >> (int)nr) & 1), valueFirst: true);
        foreach (var prefix in new[] { "atomic", "atomic_long" })
        {
            yield return new Rmw($"{prefix}_read", kernel, (old, _, _) => (old, old), write: false);
            yield return new Rmw($"{prefix}_set", kernel, (_, v, _) => (v, 0));
            yield return new Rmw($"{prefix}_inc", kernel, (old, _, _) => (old + 1, 0));
            yield return new Rmw($"{prefix}_dec", kernel, (old, _, _) => (old - 1, 0));
            yield return new Rmw($"{prefix}_add", kernel, (old, v, _) => (old + v, 0), valueFirst: true);
            yield return new Rmw($"{prefix}_sub", kernel, (old, v, _) => (old - v, 0), valueFirst: true);
            yield return new Rmw($"{prefix}_inc_return", kernel, (old, _, _) => (old + 1, old + 1));
            yield return new Rmw($"{prefix}_dec_return", kernel, (old, _, _) => (old - 1, old - 1));
            yield return new Rmw($"{prefix}_add_return", kernel, (old, v, _) => (old + v, old + v), valueFirst: true);
            yield return new Rmw($"{prefix}_sub_return", kernel, (old, v, _) => (old - v, old - v), valueFirst: true);
            yield return new Rmw($"{prefix}_fetch_add", kernel, (old, v, _) => (old + v, old), valueFirst: true);
            yield return new Rmw($"{prefix}_fetch_sub", kernel, (old, v, _) => (old - v, old), valueFirst: true);
            yield return new Rmw($"{prefix}_fetch_inc", kernel, (old, _, _) => (old + 1, old));
            yield return new Rmw($"{prefix}_fetch_dec", kernel, (old, _, _) => (old - 1, old));
            yield return new Rmw($"{prefix}_fetch_or", kernel, (old, v, _) => (old | v, old), valueFirst: true);
            yield return new Rmw($"{prefix}_fetch_and", kernel, (old, v, _) => (old & v, old), valueFirst: true);
            yield return new Rmw($"{prefix}_fetch_andnot", kernel, (old, v, _) => (old & ~v, old), valueFirst: true);
            yield return new Rmw($"{prefix}_or", kernel, (old, v, _) => (old | v, 0), valueFirst: true);
            yield return new Rmw($"{prefix}_and", kernel, (old, v, _) => (old & v, 0), valueFirst: true);
            yield return new Rmw($"{prefix}_andnot", kernel, (old, v, _) => (old & ~v, 0), valueFirst: true);
            yield return new Rmw($"{prefix}_sub_and_test", kernel, (old, v, _) => (old - v, old - v == 0 ? 1 : 0), valueFirst: true);
            yield return new Rmw($"{prefix}_add_negative", kernel, (old, v, _) => (old + v, old + v < 0 ? 1 : 0), valueFirst: true);
            // atomic_add_unless(v, a, u): adds a unless the value is u; returns whether it added.
            yield return new Rmw($"{prefix}_add_unless", kernel, (old, a, u) => old != u ? (old + a, 1) : (old, 0));
            // atomic_dec_if_positive(v): decrements only when the result stays >= 0; returns old - 1 either way.
            yield return new Rmw($"{prefix}_dec_if_positive", kernel, (old, _, _) => (old - 1 >= 0 ? old - 1 : old, old - 1));
            yield return new Rmw($"{prefix}_dec_and_test", kernel, (old, _, _) => (old - 1, old - 1 == 0 ? 1 : 0));
            yield return new Rmw($"{prefix}_inc_and_test", kernel, (old, _, _) => (old + 1, old + 1 == 0 ? 1 : 0));
            yield return new Rmw($"{prefix}_xchg", kernel, (old, v, _) => (v, old));
            yield return new Rmw($"{prefix}_cmpxchg", kernel, (old, e, d) => (old == e ? d : old, old));
            yield return new Rmw($"{prefix}_inc_not_zero", kernel, (old, _, _) => (old != 0 ? old + 1 : old, old != 0 ? 1 : 0));
        }
    }

    /// <summary>
    /// One indivisible read-modify-write: (old, a, b) → (new value, result). Arguments: the pointer, then a and b;
    /// the kernel's atomic_add(i, v) puts the value first (<paramref name="valueFirst"/>).
    /// </summary>
    private sealed class Rmw(string name, KernelServices kernel, Func<long, long, long, (long New, long Result)> op,
        bool write = true, bool valueFirst = false) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        private long Target(IntrinsicCall call) => valueFirst ? call.Arg(1) : call.Arg(0);

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var p = Target(call);
            var a = valueFirst ? call.Arg(0) : call.Arg(1);
            var old = call.Read(p);
            var (next, result) = op(old, a, call.Arg(2));
            if (write && next != old) call.Write(p, next);
            call.Result = result;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.Add(Target(call), write);
        public override StaticFootprint Static => StaticFootprint.ArgumentObject;
    }
}
