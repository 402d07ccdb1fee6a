using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Tests;

/// <summary>Builds tiny IR programs by hand, so the Machine is tested without the Language layer.</summary>
internal sealed class IrBuilder
{
    public readonly List<IrFunction> Functions = [];
    public readonly List<IrGlobal> Globals = [];
    public readonly List<string> Strings = [];
    public readonly List<string> Intrinsics = [];
    public readonly List<SourceSite> Sites = [new SourceSite("test.c", 1, 1, "main", "")];

    public int Global(string name, params long[] cells)
    {
        Globals.Add(new IrGlobal(name, "long", cells, cells.Select((_, i) => $"{name}[{i}]").ToArray(), false, 0));
        return Globals.Count - 1;
    }

    public int Site(string function, int line, string text = "")
    {
        Sites.Add(new SourceSite("test.c", line, 1, function, text));
        return Sites.Count - 1;
    }

    public int Function(string name, int parameters, int slots, params Instruction[] code)
    {
        Functions.Add(new IrFunction(name, parameters, slots, code, [], new string?[slots], 0, true));
        return Functions.Count - 1;
    }

    public IrProgram Build(string entry = "main") =>
        new(Functions, Globals, Strings, Intrinsics, Sites, Functions.FindIndex(f => f.Name == entry), []);

    public static Instruction I(OpCode op, int a = -1, int b = -1, int c = -1, long imm = 0, byte sub = 0, int[]? args = null, int site = 0) =>
        new(op, sub, a, b, c, imm, args, site);
}
