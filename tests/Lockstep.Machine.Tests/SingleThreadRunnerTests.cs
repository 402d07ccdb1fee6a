using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;
using static Lockstep.Machine.Tests.IrBuilder;

namespace Lockstep.Machine.Tests;

public sealed class SingleThreadRunnerTests
{
    [Fact]
    public void ComputesAndStoresThroughAGlobalPointer()
    {
        var b = new IrBuilder();
        var g = b.Global("answer", 0);
        b.Function("times", 2, 3,
            I(OpCode.Binary, a: 2, b: 0, c: 1, sub: (byte)BinaryOp.Mul),
            I(OpCode.Return, b: 2));
        b.Function("main", 0, 4,
            I(OpCode.Const, a: 0, imm: 6),
            I(OpCode.Const, a: 1, imm: 7),
            I(OpCode.Call, a: 2, imm: 0, args: [0, 1]),
            I(OpCode.Const, a: 3, imm: Pointer.Global(g)),
            I(OpCode.Store, a: 3, b: 2),
            I(OpCode.Return, b: 2));
        var run = SingleThreadRunner.Run(b.Build());
        Assert.Null(run.Error);
        Assert.Equal(42, run.ReturnValue);
        Assert.Equal(42, run.ReadGlobal("answer"));
    }

    [Fact]
    public void ReadingAFrameObjectAfterItsFunctionReturnedIsUseAfterFree()
    {
        var b = new IrBuilder();
        var g = b.Global("escaped", 0);
        var leakSite = b.Site("leak", 3, "int x; escaped = &x;");
        var useSite = b.Site("main", 9, "return *escaped;");
        b.Function("leak", 0, 2,
            I(OpCode.AllocLocal, a: 0, imm: 1, site: leakSite),
            I(OpCode.Const, a: 1, imm: Pointer.Global(g), site: leakSite),
            I(OpCode.Store, a: 1, b: 0, site: leakSite),
            I(OpCode.Return, b: -1, site: leakSite));
        b.Functions[0] = b.Functions[0] with { FrameObjectSlots = [0] };
        b.Function("main", 0, 3,
            I(OpCode.Call, a: -1, imm: 0, args: []),
            I(OpCode.Const, a: 0, imm: Pointer.Global(g), site: useSite),
            I(OpCode.Load, a: 1, b: 0, site: useSite),
            I(OpCode.Load, a: 2, b: 1, site: useSite),
            I(OpCode.Return, b: 2));
        var run = SingleThreadRunner.Run(b.Build());
        Assert.NotNull(run.Bug);
        var fault = Assert.IsType<MachineFault>(run.Bug!.Detail);
        Assert.Equal(FaultKind.BadAccess, fault.Kind);
        Assert.Equal(AccessFault.Freed, fault.Access);
        Assert.False(fault.Write);
        Assert.Equal(useSite, run.Bug.Site);
        Assert.Equal("main", fault.Backtrace[^1].Split(' ')[0]);
    }

    [Fact]
    public void ConvertTruncatesLikeC()
    {
        Assert.Equal(-1, Arithmetic.Convert(0xFFFF_FFFF, 32, signed: true));
        Assert.Equal(0xFFFF_FFFFL, Arithmetic.Convert(-1, 32, signed: false));
        Assert.Equal(1, Arithmetic.Convert(42, 1, signed: false));
        Assert.Equal(0, Arithmetic.Binary(BinaryOp.LtU, -1, 1));
        Assert.Equal(1, Arithmetic.Binary(BinaryOp.LtS, -1, 1));
    }
}
