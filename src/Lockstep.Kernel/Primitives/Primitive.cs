using Lockstep.Machine.Execution;

namespace Lockstep.Kernel.Primitives;

/// <summary>
/// Base of every kernel primitive: defaults that suit most (always enabled, one choice, conservative footprint),
/// and access to the shared kernel services (configuration, lockdep, reports).
/// </summary>
public abstract class Primitive(string name, IntrinsicKind kind, KernelServices kernel) : IIntrinsic
{
    public string Name { get; } = name;
    public IntrinsicKind Kind { get; } = kind;
    protected KernelServices Kernel { get; } = kernel;

    /// <summary>Default: anything (sound); primitives that touch only the object their first pointer argument designates say so.</summary>
    public virtual StaticFootprint Static => StaticFootprint.Global;
    public virtual bool IsEnabled(IntrinsicCall call) => true;
    public virtual int ChoiceCount(IntrinsicCall call) => 1;
    public abstract IntrinsicOutcome Execute(IntrinsicCall call);
    /// <summary>Default: dependent with everything (sound; primitives that touch one object say which).</summary>
    public virtual void AddFootprint(IntrinsicCall call, IFootprintSink sink) => sink.MarkGlobal();
    public virtual string DescribeWait(IntrinsicCall call) => Name;
    public virtual bool IsIdleWait(IntrinsicCall call) => false;
    public virtual bool IsCheck => false;
    public virtual string? DescribeChoice(IntrinsicCall call) => null;
    public virtual LockEffect Lock => LockEffect.None;
    public virtual int AwaitedExit(IntrinsicCall call) => -1;
}

/// <summary>
/// A thread-local primitive given as a delegate (context changes, checks, no-ops): it runs inline, is never a
/// scheduling point and has an empty footprint, so it may touch only its own thread's private context and objects.
/// Each use carries a one-line comment saying why nothing outside its thread can observe it; the footprint audit
/// (<see cref="FootprintAuditor"/>) checks that claim.
/// </summary>
public sealed class LocalPrimitive(string name, KernelServices kernel, Func<IntrinsicCall, long> body)
    : Primitive(name, IntrinsicKind.Local, kernel)
{
    public override IntrinsicOutcome Execute(IntrinsicCall call)
    {
        call.Result = body(call);
        return IntrinsicOutcome.Done;
    }

    public override void AddFootprint(IntrinsicCall call, IFootprintSink sink) { }
    public override StaticFootprint Static => StaticFootprint.None;

    /// <summary>assert, WARN_ON, BUG_ON: the call fails the step when its condition says so.</summary>
    public bool Check { get; init; }
    public override bool IsCheck => Check;
}
