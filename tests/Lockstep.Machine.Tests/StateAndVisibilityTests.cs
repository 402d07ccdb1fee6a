using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;
using static Lockstep.Machine.Tests.IrBuilder;

namespace Lockstep.Machine.Tests;

/// <summary>The state vector and what counts as a scheduling point.</summary>
public sealed class StateAndVisibilityTests
{
    private sealed class NoKernel : IIntrinsicProvider
    {
        public int ThreadContextCells => 2;
        public bool IsIntrinsic(string name) => false;
        public IIntrinsic Resolve(string name) => throw new InvalidOperationException();
    }

    /// <summary>main: p = alloc(2 cells) (frame object); p[0] = 7 (private: not a step); g = p (publishes); p[1] = 8 (shared: a step).</summary>
    private static IrProgram PublishingProgram()
    {
        var b = new IrBuilder();
        var g = b.Global("g", 0);
        var s1 = b.Site("main", 2, "p[0] = 7;");
        var s2 = b.Site("main", 3, "g = p;");
        var s3 = b.Site("main", 4, "p[1] = 8;");
        b.Function("main", 0, 4,
            I(OpCode.AllocLocal, a: 0, imm: 2),
            I(OpCode.Const, a: 1, imm: 7),
            I(OpCode.Store, a: 0, b: 1, site: s1),
            I(OpCode.Const, a: 2, imm: Pointer.Global(g)),
            I(OpCode.Store, a: 2, b: 0, site: s2),
            I(OpCode.Const, a: 3, imm: 8),
            I(OpCode.Store, a: 0, b: 3, imm: 1, site: s3),
            I(OpCode.Return, b: -1));
        b.Functions[0] = b.Functions[0] with { FrameObjectSlots = [0] };
        return b.Build();
    }

    [Fact]
    public void AccessesToAnUnpublishedObjectAreNotSchedulingPointsAndPublishingIsOne()
    {
        var machine = new MachineExecutor(new LoadedProgram(PublishingProgram(), new NoKernel()));
        Assert.Null(machine.Initialize());
        // The private store ran while settling main; the first step is the publishing store.
        Assert.Null(machine.Step(0, 0));
        Assert.Equal("store", machine.LastOperation);
        Assert.Equal(3, machine.Program.Site(machine.LastSite)!.Line);
        // Once published, the object is shared: the next store is a step of its own.
        Assert.Null(machine.Step(0, 0));
        Assert.Equal(4, machine.Program.Site(machine.LastSite)!.Line);
    }

    [Fact]
    public void EncodeThenDecodeGivesTheSameState()
    {
        var machine = new MachineExecutor(new LoadedProgram(PublishingProgram(), new NoKernel()));
        machine.Initialize();
        machine.Step(0, 0);
        var first = machine.Encode().ToArray();
        var other = new MachineExecutor(machine.Program);
        other.Load(first);
        Assert.Equal(first, other.Encode().ToArray());
        // The escape flag survives the round trip: the next store is still a scheduling point.
        other.Step(0, 0);
        Assert.Equal(4, other.Program.Site(other.LastSite)!.Line);
    }

    [Fact]
    public void DeadTemporariesDoNotSplitStates()
    {
        // main: t = 5 (dead after the store); g = t; t2 = 9 (dead); g = 1; — the states after the two stores differ only
        // in g, because dead slots are zeroed when main parks.
        var b = new IrBuilder();
        var g = b.Global("g", 0);
        b.Function("main", 0, 3,
            I(OpCode.Const, a: 0, imm: Pointer.Global(g)),
            I(OpCode.Const, a: 1, imm: 5),
            I(OpCode.Store, a: 0, b: 1),
            I(OpCode.Const, a: 2, imm: 9),
            I(OpCode.Const, a: 1, imm: 0),
            I(OpCode.Store, a: 0, b: 1),
            I(OpCode.Return, b: -1));
        var machine = new MachineExecutor(new LoadedProgram(b.Build(), new NoKernel()));
        machine.Initialize();
        machine.Step(0, 0);
        var slots = machine.State.Thread(0).Slots(3).ToArray();
        Assert.Equal(0, slots[2]); // the 9 is never read: zeroed
        Assert.Equal(0, slots[1]); // overwritten before it is read again: zeroed
        Assert.NotEqual(0, slots[0]); // the address is read by the next store: kept
    }
}
