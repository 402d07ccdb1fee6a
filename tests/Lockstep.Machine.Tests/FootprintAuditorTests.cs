using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;
using static Lockstep.Machine.Tests.IrBuilder;

namespace Lockstep.Machine.Tests;

/// <summary>The footprint audit catches a primitive that touches what it did not declare, and names it.</summary>
public sealed class FootprintAuditorTests
{
    /// <summary>A toy primitive: its kind, its declared cells (offsets into the argument's object, read or write),
    /// and what it really does.</summary>
    private sealed class Toy(string name, IntrinsicKind kind, (int Offset, bool Write)[] declared, Action<IntrinsicCall> body,
        StaticFootprint footprint = StaticFootprint.ArgumentObject) : IIntrinsic
    {
        public string Name => name;
        public IntrinsicKind Kind => kind;
        public StaticFootprint Static => footprint;
        public bool IsEnabled(IntrinsicCall call) => true;
        public int ChoiceCount(IntrinsicCall call) => 1;
        public IntrinsicOutcome Execute(IntrinsicCall call) { body(call); return IntrinsicOutcome.Done; }
        public void AddFootprint(IntrinsicCall call, IFootprintSink sink)
        {
            foreach (var (offset, write) in declared) sink.Add(call.Arg(0) + offset, write);
        }
        public string DescribeWait(IntrinsicCall call) => name;
        public bool IsIdleWait(IntrinsicCall call) => false;
    }

    private sealed class ToyKernel(params IIntrinsic[] intrinsics) : IIntrinsicProvider
    {
        public int ThreadContextCells => 2;
        public ulong SharedContextCells => 1UL << 1;
        public ulong DeliveryContextCells => 1UL << 0;
        public bool IsIntrinsic(string name) => intrinsics.Any(i => i.Name == name);
        public IIntrinsic Resolve(string name) => intrinsics.First(i => i.Name == name);
    }

    /// <summary>main: name(&amp;g) once; g is a global of two cells.</summary>
    private static MachineExecutor Machine(IIntrinsic toy)
    {
        var b = new IrBuilder();
        var g = b.Global("g", 0, 0);
        b.Intrinsics.Add(toy.Name);
        var site = b.Site("main", 2, $"{toy.Name}(&g);");
        b.Function("main", 0, 2,
            I(OpCode.Const, a: 0, imm: Pointer.Global(g)),
            I(OpCode.Intrinsic, a: -1, c: 1, imm: 0, args: [0], site: site),
            I(OpCode.Return, b: -1));
        var loaded = new LoadedProgram(b.Build(), new ToyKernel(toy));
        return new MachineExecutor(loaded) { Auditor = new FootprintAuditor(loaded.Provider) };
    }

    private static string Violation(IIntrinsic toy)
    {
        var machine = Machine(toy);
        // A local primitive runs while main settles (Initialize), a visible one in main's first step.
        var e = Assert.Throws<FootprintViolationException>(() => { Assert.Null(machine.Initialize()); machine.Step(0, 0); });
        Assert.Equal(toy.Name, e.Primitive);
        Assert.Contains(toy.Name, e.Message);
        return e.Message;
    }

    [Fact]
    public void AnHonestPrimitivePasses()
    {
        var machine = Machine(new Toy("honest", IntrinsicKind.Visible, [(0, true)], c => c.Write(c.Arg(0), c.Read(c.Arg(0)) + 1)));
        Assert.Null(machine.Initialize());
        Assert.Null(machine.Step(0, 0));
        Assert.Equal(1, machine.Auditor!.Audited["honest"]);
    }

    [Fact]
    public void ReadingAnUndeclaredCellFails() =>
        Assert.Contains("reads memory cell 1:1", Violation(new Toy("peek", IntrinsicKind.Visible, [(0, false)], c => c.Read(c.Arg(0) + 1))));

    [Fact]
    public void WritingACellDeclaredAsReadFails() =>
        Assert.Contains("as a write", Violation(new Toy("scribble", IntrinsicKind.Visible, [(0, false)], c => c.Write(c.Arg(0), 5))));

    [Fact]
    public void ALocalPrimitiveTouchingSharedMemoryFails() =>
        Assert.Contains("runs inline", Violation(new Toy("sneaky", IntrinsicKind.Local, [], c => c.Write(c.Arg(0), 5), StaticFootprint.None)));

    [Fact]
    public void ALocalPrimitiveChangingInterruptDeliveryFails() =>
        Assert.Contains("interrupt", Violation(new Toy("irq_off", IntrinsicKind.Local, [], c => c.Thread.WriteContext(0, 1), StaticFootprint.None)));

    [Fact]
    public void WritingASharedContextCellUndeclaredFails() =>
        Assert.Contains("context cell 1", Violation(new Toy("set_state", IntrinsicKind.Visible, [], c => c.Thread.WriteContext(1, 2))));

    [Fact]
    public void AVisiblePrimitiveMayChangeItsOwnPrivateCells()
    {
        var machine = Machine(new Toy("irq_off", IntrinsicKind.Visible, [], c => c.Thread.WriteContext(0, 1), StaticFootprint.None));
        Assert.Null(machine.Initialize());
        Assert.Null(machine.Step(0, 0));
    }

    [Fact]
    public void AStaticFootprintThatNamesNoMemoryFails() =>
        Assert.Contains("static footprint", Violation(new Toy("stat", IntrinsicKind.Visible, [(0, true)], c => c.Write(c.Arg(0), 1), StaticFootprint.Tasks)));
}
