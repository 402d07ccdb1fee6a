using Lockstep.Language.Binding;
using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Text;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Lowering;

/// <summary>Lowers a bound program: numbers globals and functions, lowers every function body, evaluates global initializers.</summary>
internal sealed class ProgramLowerer(LoweringContext ctx, SourceLocation mainLocation)
{
    public const string InvariantPrefix = "__lockstep_invariant_";

    public IrProgram? Lower(BoundProgram program)
    {
        for (var i = 0; i < program.Globals.Count; i++) program.Globals[i].Index = i;
        var defined = program.Functions.Where(f => f.HasBody).ToList();
        for (var i = 0; i < defined.Count; i++) ctx.FunctionIndex[defined[i]] = i;
        ctx.Classes = LocationClassifier.Analyze(program, ctx.Catalog);
        ctx.Signatures = SignatureTable.Analyze(program);

        var functions = new List<IrFunction>(defined.Count);
        foreach (var f in defined) functions.Add(new FunctionLowerer(ctx, f).Lower());

        var globals = new List<IrGlobal>(program.Globals.Count);
        foreach (var g in program.Globals) globals.Add(LowerGlobal(g));

        var invariants = new List<IrInvariant>();
        foreach (var f in defined)
        {
            if (!f.Name.StartsWith(InvariantPrefix, StringComparison.Ordinal)) continue;
            var name = f.Name[InvariantPrefix.Length..];
            if (f.Type.Parameters.Count != 0 || f.Type.Return is not IntegerType { Kind: IntegerKind.Bool })
            {
                ctx.Diagnostics.Error(f.DefinitionLocation, $"invariant '{name}' must be declared 'bool {f.Name}(void)' (use LOCKSTEP_INVARIANT({name}))");
                continue;
            }
            invariants.Add(new IrInvariant(name, ctx.FunctionIndex[f]));
        }

        var main = defined.FirstOrDefault(f => f.Name == "main");
        if (main is null)
            ctx.Diagnostics.Error(mainLocation, "the model has no 'int main(void)': it is the entry point, the thread that runs first");
        else if (main.Type.Parameters.Count != 0 || main.Type.Return is not IntegerType { Kind: IntegerKind.Int })
            ctx.Diagnostics.Error(main.DefinitionLocation, "'main' must be declared 'int main(void)'");

        if (ctx.Diagnostics.HasErrors || main is null) return null;
        var addressTaken = ctx.Signatures.AddressTaken
            .Select(f => ctx.FunctionIndex.TryGetValue(f, out var i) ? i : -1)
            .Where(i => i >= 0).Distinct().Order().ToList();
        return new IrProgram(functions, globals, ctx.Strings, ctx.Intrinsics, ctx.Sites.Sites, ctx.FunctionIndex[main], invariants,
            ctx.Classes.Names, addressTaken);
    }

    private IrGlobal LowerGlobal(GlobalSymbol g)
    {
        var cells = new long[g.Type.Cells];
        if (g.Initializer is { } init)
        {
            foreach (var entry in init.Entries)
            {
                if (entry.Offset < 0 || entry.Offset >= cells.Length) continue;
                var value = ConstantEvaluator.Evaluate(entry.Value);
                switch (value)
                {
                    case IntegerConstant i:
                        cells[entry.Offset] = entry.Value.Type is IntegerType it ? it.Wrap(i.Value) : i.Value;
                        break;
                    case GlobalAddressConstant a:
                        cells[entry.Offset] = Pointer.Global(a.Global.Index, (int)a.Offset);
                        break;
                    case FunctionAddressConstant f:
                        cells[entry.Offset] = ctx.FunctionAddress(f.Function, entry.Value.Location) is { } fi ? Pointer.Function(fi) : 0;
                        break;
                    case StringConstant s:
                        cells[entry.Offset] = Pointer.String(ctx.InternString(s.Value));
                        break;
                }
            }
        }
        var site = ctx.Sites.Intern(g.Location, "");
        // The class of each cell, as any classified access path to it names it (the classifier's agreement invariant).
        var classes = new int[cells.Length];
        for (var i = 0; i < cells.Length; i++)
            classes[i] = g.IsConst ? -1 : AccessPath.Named(ctx.Classes, "global " + g.Name, g.Type).Cell(i);
        return new IrGlobal(g.Name, g.Type.Name, cells, FieldNamer.Names(g.Name, g.Type), g.IsConst, site, classes);
    }
}
