using Lockstep.Kernel.Bugs;
using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// assert, WARN_ON, BUG_ON (the headers' macros pass the condition and its text), nondeterministic values, and printk
/// (accepted and ignored: output is not part of a state).
/// </summary>
public static class CheckPrimitives
{
    public static IEnumerable<IIntrinsic> All(KernelServices k)
    {
        // Local: tests a value the thread already holds; it reads no state.
        yield return new LocalPrimitive("__lockstep_assert", k, c =>
        {
            if (c.Arg(0) == 0)
            {
                var site = c.SourceSite;
                var text = c.StringAt(c.Arg(1));
                c.Fail(BugKind.Assertion, $"assertion '{text}' failed",
                    $"{site}: {site?.Function}: Assertion `{text}' failed.\n" + Backtrace(c));
            }
            return 0;
        }) { Check = true };
        // Local: as assert.
        yield return new LocalPrimitive("__lockstep_warn_on", k, c =>
        {
            if (c.Arg(0) != 0)
            {
                var site = c.SourceSite;
                var text = c.StringAt(c.Arg(1));
                var title = $"WARNING: CPU: 0 PID: {KernelBugs.Pid(c.ThreadId)} at {site?.File}:{site?.Line} {site?.Function}+0x0/0x0";
                c.Fail(BugKind.WarnOn, $"{title} (WARN_ON({text}))", $"{title}\nWARN_ON({text})\n" + Backtrace(c));
            }
            return c.Arg(0) != 0 ? 1 : 0;
        }) { Check = true };
        // Local: as assert.
        yield return new LocalPrimitive("__lockstep_bug_on", k, c =>
        {
            if (c.Arg(0) != 0)
            {
                var site = c.SourceSite;
                var text = c.StringAt(c.Arg(1));
                var title = $"kernel BUG at {site?.File}:{site?.Line}!";
                c.Fail(BugKind.BugOn, $"{title} (BUG_ON({text}))", $"{title}\nOops: invalid opcode: 0000 [#1] PREEMPT SMP\nBUG_ON({text})\n" + Backtrace(c));
            }
            return 0;
        }) { Check = true };
        yield return new Nondet("nondet_int", k);
        // Local: output is not part of a state.
        yield return new LocalPrimitive("printk", k, _ => 0);
    }

    private static string Backtrace(IntrinsicCall c)
    {
        var frames = c.Backtrace();
        var sb = new System.Text.StringBuilder($"CPU: 0 PID: {KernelBugs.Pid(c.ThreadId)} Comm: {c.ThreadName(c.ThreadId)}\nCall Trace:\n <TASK>\n");
        for (var i = frames.Count - 1; i >= 0; i--) sb.Append(' ').Append(frames[i]).Append('\n');
        return sb.Append(" </TASK>\n").ToString();
    }

    /// <summary>nondet_int(lo, hi): one transition per value, so the search covers them all.</summary>
    private sealed class Nondet(string name, KernelServices kernel) : Primitive(name, IntrinsicKind.Visible, kernel)
    {
        public const int MaxChoices = 4096;

        public override int ChoiceCount(IntrinsicCall call)
        {
            var span = call.Arg(1) - call.Arg(0) + 1;
            return (int)Math.Clamp(span, 1, MaxChoices);
        }

        public override IntrinsicOutcome Execute(IntrinsicCall call)
        {
            if (call.Arg(1) < call.Arg(0) || call.Arg(1) - call.Arg(0) >= MaxChoices)
            {
                var message = $"nondet_int({call.Arg(0)}, {call.Arg(1)}): {(call.Arg(1) < call.Arg(0) ? "empty range (lo > hi)" : "too wide a range")}; nondet_int needs lo <= hi and at most {MaxChoices} values";
                call.Fail(BugKind.Assertion, message, message, new ModelMisuse(message));
            }
            call.Result = call.Arg(0) + call.Choice;
            return IntrinsicOutcome.Done;
        }

        public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) { }
        public override StaticFootprint Static => StaticFootprint.None;
    }
}
