using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;
using Lockstep.Reports;

namespace Lockstep.Checker;

/// <summary>Turns the Machine's reached sites and jump directions into the report's lines, branch sides and checks.</summary>
internal static class CoverageBuilder
{
    public static CoverageReport Build(LoadedProgram loaded, Coverage reached, bool partial)
    {
        var program = loaded.Program;
        var shipped = Path.GetFullPath(ModelCompilation.StandardIncludeDirectory) + Path.DirectorySeparatorChar;
        var files = new Dictionary<string, (Dictionary<int, LineCoverage> Lines, List<BranchCoverage> Branches)>(StringComparer.Ordinal);
        var checks = new List<CheckCoverage>();
        var invariantFunctions = program.Invariants.ToDictionary(i => i.Function, i => i.Name);

        for (var f = 0; f < program.Functions.Count; f++)
        {
            var function = program.Functions[f];
            var code = function.Code;
            var branchesOnLine = new Dictionary<(string, int), int>();
            var live = Coverage.Live(code);
            for (var pc = 0; pc < code.Length; pc++)
            {
                if (!live[pc]) continue;
                var ins = code[pc];
                if (loaded.Site(ins.Site) is not { } site) continue;
                var file = FileOf(files, site.File);
                var wasReached = reached.Sites[ins.Site];
                if (!file.Lines.TryGetValue(site.Line, out var line))
                    file.Lines[site.Line] = new LineCoverage(site.Line, function.Name, wasReached, site.Text);
                else if (wasReached && !line.Reached)
                    file.Lines[site.Line] = line with { Reached = true };

                if (Coverage.IsBranch(code, pc))
                {
                    var ways = reached.Jumps[reached.CodeIndex(f, pc)];
                    var jumped = (ways & Coverage.Taken) != 0;
                    var fell = (ways & Coverage.FellThrough) != 0;
                    // JumpIfZero jumps when the condition is false; JumpIfNotZero when it is true.
                    var (trueSide, falseSide) = ins.Op == OpCode.JumpIfZero ? (fell, jumped) : (jumped, fell);
                    branchesOnLine.TryGetValue((site.File, site.Line), out var index);
                    branchesOnLine[(site.File, site.Line)] = index + 1;
                    file.Branches.Add(new BranchCoverage(site.Line, index, function.Name, ways != 0, trueSide, falseSide));
                }
                if (ins.Op == OpCode.Intrinsic && loaded.Intrinsics[(int)ins.Imm].IsCheck)
                    checks.Add(new CheckCoverage(site.Text.Trim(), site.File, site.Line, function.Name, wasReached));
            }
            if (invariantFunctions.TryGetValue(f, out var invariant) && loaded.Site(function.Site) is { } definition)
                checks.Add(new CheckCoverage($"invariant '{invariant}'", definition.File, definition.Line, function.Name,
                    code.Any(i => i.Site >= 0 && reached.Sites[i.Site])));
        }

        // Sorted with comparisons rather than LINQ's OrderBy over int and bool keys: those instantiations are not
        // precompiled, and JIT-compiling them cost a short check several milliseconds (docs/performance.md, "Start-up").
        var result = new List<FileCoverage>(files.Count);
        foreach (var (name, file) in files)
        {
            var lines = file.Lines.Values.ToList();
            lines.Sort((a, b) => a.Line.CompareTo(b.Line));
            file.Branches.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line)
                : a.Index != b.Index ? a.Index.CompareTo(b.Index) : string.CompareOrdinal(a.Function, b.Function));
            result.Add(new FileCoverage(name, Path.GetFullPath(name).StartsWith(shipped, StringComparison.Ordinal), lines, file.Branches));
        }
        result.Sort((a, b) => a.Shipped != b.Shipped ? a.Shipped.CompareTo(b.Shipped) : string.CompareOrdinal(a.File, b.File));
        return new CoverageReport(partial, result, checks);
    }

    private static (Dictionary<int, LineCoverage> Lines, List<BranchCoverage> Branches) FileOf(
        Dictionary<string, (Dictionary<int, LineCoverage>, List<BranchCoverage>)> files, string name)
    {
        if (!files.TryGetValue(name, out var file)) files[name] = file = (new Dictionary<int, LineCoverage>(), []);
        return file;
    }
}
