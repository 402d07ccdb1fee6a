using Lockstep.Kernel.Bugs;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// ww_mutex (kernel/locking/ww_mutex.h, mutex.c, v6.19; Documentation/locking/ww-mutex-design.rst) with the debug
/// checks of DEBUG_WW_MUTEXES. An acquire context has a stamp (its age); a context that must wait for a lock held by
/// another context backs off with -EDEADLK when the rules say it is the one to yield: wait-die (DEFINE_WD_CLASS) —
/// the younger requester dies; wound-wait (DEFINE_WW_CLASS) — an older requester wounds the younger holder, which
/// dies at its next wait. Only a context that holds locks (acquired &gt; 0) ever dies. Lockdep sees every ww_mutex of a
/// class as one class taken with the context's map as nest lock (mutex_acquire_nest()), so several may be held.
/// Cells as models/include/linux/ww_mutex.h declares them.
/// </summary>
public static class WwMutexPrimitives
{
    // struct ww_mutex: the mutex's five cells, then ctx and ww_class.
    private const int LockCtx = LockObject.Extra;
    private const int LockClass = LockObject.Extra + 1;
    // struct ww_acquire_ctx: its lockdep map's five cells, then these.
    private const int Stamp = LockObject.Extra;
    private const int Acquired = LockObject.Extra + 1;
    private const int Wounded = LockObject.Extra + 2;
    private const int CtxClass = LockObject.Extra + 3;
    private const int DoneAcquire = LockObject.Extra + 4;
    private const int Contending = LockObject.Extra + 5;
    private const int CtxCells = LockObject.Extra + 6;
    // struct ww_class: is_wait_die is its last cell.
    private const int IsWaitDie = 5;

    private const long EDeadlk = 35;
    private const long EAlready = 114;
    private const long Waiting = 1;

    public static IEnumerable<IIntrinsic> All(KernelServices k) =>
    [
        new Lock(k),
        // Local: it reads nothing; it only reports. Not a coverage check: the header's static functions that call it are
        // compiled into every model that includes <lockstep/kernel.h>.
        new LocalPrimitive("__lockstep_ww_warn", k, c => { Misuse(c, c.StringAt(c.Arg(0))); return 0; }),
    ];

    /// <summary>DEBUG_LOCKS_WARN_ON() in the ww_mutex debug checks: a <see cref="BugKind.WwMisuse"/>.</summary>
    private static void Misuse(IntrinsicCall call, string check)
    {
        var site = call.SourceSite;
        var title = $"DEBUG_LOCKS_WARN_ON({check})";
        call.Fail(BugKind.WwMisuse, $"{title} at {site?.File}:{site?.Line}",
            $"------------[ cut here ]------------\n{title}\nWARNING: CPU: 0 PID: {KernelBugs.Pid(call.ThreadId)} at kernel/locking/ww_mutex.h ww_mutex_lock_acquired+0x0/0x0\n" +
            "Call Trace:\n <TASK>\n" + string.Concat(LockdepBridge.KernelFrames(call).Select(f => $" {f}\n")) + " </TASK>\n");
    }

    /// <summary>
    /// __ww_mutex_lock(lock, ctx, slow): ww_mutex_lock() (ctx may be NULL: a plain mutex_lock()) and, with slow set,
    /// ww_mutex_lock_slow(). Returns 0, -EDEADLK or -EALREADY. A request that must wait takes one step to register
    /// (lockdep's check, and under wound-wait the wound of a younger holder), then waits until the lock is free or the
    /// rules make it die.
    /// </summary>
    private sealed class Lock(KernelServices kernel) : Primitive("__ww_mutex_lock", IntrinsicKind.Visible, kernel)
    {
        private static long Get(IntrinsicCall call, long address) => call.TryRead(address, out var v) ? v : 0;

        private static bool WaitDie(IntrinsicCall call, long ctx) => Get(call, Get(call, ctx + CtxClass) + IsWaitDie) != 0;

        /// <summary>__ww_mutex_check_kill(): must this context die rather than wait for the lock's holder?</summary>
        private static bool MustDie(IntrinsicCall call, long lk, long ctx)
        {
            if (ctx == 0 || Get(call, ctx + Acquired) == 0) return false;
            if (!WaitDie(call, ctx)) return Get(call, ctx + Wounded) != 0;
            var holder = Get(call, lk + LockCtx);
            return holder != 0 && Get(call, ctx + Stamp) > Get(call, holder + Stamp);
        }

        /// <summary>__ww_mutex_wound(): under wound-wait an older context wounds a younger holder that holds locks.</summary>
        private static long ToWound(IntrinsicCall call, long lk, long ctx)
        {
            if (ctx == 0 || WaitDie(call, ctx)) return 0;
            var holder = Get(call, lk + LockCtx);
            if (holder == 0 || holder == ctx || Get(call, holder + Wounded) != 0 || Get(call, holder + Acquired) == 0) return 0;
            return Get(call, holder + Stamp) > Get(call, ctx + Stamp) ? holder : 0;
        }

        private static bool Free(IntrinsicCall call, long lk) => Get(call, lk + LockObject.Owner) == 0;

        public override bool IsEnabled(IntrinsicCall call)
        {
            if (call.Scratch == 0) return true;
            var (lk, ctx) = (call.Arg(0), call.Arg(1));
            return Free(call, lk) || MustDie(call, lk, ctx) || ToWound(call, lk, ctx) != 0;
        }

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            var (lk, ctx, slow) = (call.Arg(0), call.Arg(1), call.Arg(2) != 0);
            call.Read(lk + LockObject.Owner); // a freed or NULL lock is reported here
            var entry = new HeldEntry(lk, LockObject.ClassKey(call, lk), LockKind.Mutex, AcquireMode.Write, 0, false, call.Site, Kernel.Lockdep.IrqContextOf(call.Thread));
            if (call.Scratch == 0)
            {
                if (ctx != 0)
                {
                    if (slow && call.Read(ctx + Contending) == 0) Misuse(call, "!ctx->contending_lock");
                    if (call.Read(lk + LockCtx) == ctx) { call.Result = -EAlready; return IntrinsicOutcome.Done; }
                    // __mutex_lock_common(): the wound flag is reset while the context holds nothing.
                    if (call.Read(ctx + Acquired) == 0) call.Write(ctx + Wounded, 0);
                }
                Kernel.Sleep.MightSleep(call, slow ? "ww_mutex_lock_slow" : "ww_mutex_lock");
                Kernel.Lockdep.Acquire(call, entry, nestLock: ctx);
            }
            if (!Free(call, lk))
            {
                if (MustDie(call, lk, ctx))
                {
                    // __ww_mutex_kill(): remember the lock to take with ww_mutex_lock_slow() after backing off; a context
                    // killed again before it backed off is a debug check.
                    if (call.Read(ctx + Contending) != 0) Misuse(call, "ww_ctx->contending_lock");
                    call.Write(ctx + Contending, lk);
                    call.Scratch = 0;
                    call.Result = -EDeadlk;
                    return IntrinsicOutcome.Done;
                }
                if (ToWound(call, lk, ctx) is var holder && holder != 0) call.Write(holder + Wounded, 1);
                call.Scratch = Waiting;
                return IntrinsicOutcome.Again;
            }
            call.Scratch = 0;
            LockSemantics.Take(call, lk, AcquireMode.Write);
            HeldLocks.Of(call.Thread).Push(entry);
            if (ctx != 0)
            {
                // ww_mutex_lock_acquired() under DEBUG_WW_MUTEXES: a ww->ctx left set (a ww_mutex released with a plain
                // mutex_unlock(), or a stale context) first.
                if (call.Read(lk + LockCtx) != 0) Misuse(call, "ww->ctx");
                if (call.Read(ctx + DoneAcquire) != 0) Misuse(call, "ww_ctx->done_acquire");
                var contending = call.Read(ctx + Contending);
                if (contending != 0)
                {
                    if (contending != lk) Misuse(call, "ww_ctx->contending_lock != ww");
                    if (call.Read(ctx + Acquired) > 0) Misuse(call, "ww_ctx->acquired > 0");
                    call.Write(ctx + Contending, 0);
                }
                if (call.Read(ctx + CtxClass) != call.Read(lk + LockClass)) Misuse(call, "ww_ctx->ww_class != ww->ww_class");
                call.Write(ctx + Acquired, call.Read(ctx + Acquired) + 1);
                call.Write(lk + LockCtx, ctx);
            }
            call.Result = 0;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            var (lk, ctx) = (call.Arg(0), call.Arg(1));
            LockObject.AddFootprint(sink, lk, extra: 2);
            if (ctx != 0)
            {
                for (var i = LockObject.Name; i < CtxCells; i++) sink.Add(ctx + i, write: i >= Stamp);
                sink.Add(Get(call, ctx + CtxClass) + IsWaitDie, write: false);
            }
            var holder = Get(call, lk + LockCtx);
            if (holder != 0)
            {
                sink.Add(holder + Stamp, write: false);
                sink.Add(holder + Acquired, write: false);
                sink.Add(holder + Wounded, write: true);
            }
        }

        public override StaticFootprint Static => StaticFootprint.Global;

        public override string DescribeWait(IntrinsicCall call)
        {
            call.TryRead(call.Arg(0) + LockObject.Owner, out var owner);
            return $"ww_mutex_lock({LockObject.ClassName(call, call.Arg(0))}){(owner > 0 ? $" held by {call.ThreadName((int)owner - 1)}" : "")}";
        }
    }
}
