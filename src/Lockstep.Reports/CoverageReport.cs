namespace Lockstep.Reports;

/// <summary>
/// What the search reached of the model, line by line and branch side by branch side. <see cref="Partial"/> when the
/// search stopped early (a bug or a bound): then an unreached line may only be unreached so far.
/// </summary>
public sealed record CoverageReport(
    bool Partial,
    IReadOnlyList<FileCoverage> Files,
    IReadOnlyList<CheckCoverage> Checks)
{
    public static readonly CoverageReport None = new(false, [], []);

    public bool IsEmpty => Files.Count == 0;

    /// <summary>Lines and branch sides of the model's own files (not the headers shipped with Lockstep).</summary>
    public CoverageSummary Model => Summarize(Files.Where(f => !f.Shipped));
    public CoverageSummary Headers => Summarize(Files.Where(f => f.Shipped));

    private static CoverageSummary Summarize(IEnumerable<FileCoverage> files)
    {
        int lines = 0, reached = 0, sides = 0, sidesReached = 0;
        foreach (var f in files)
        {
            lines += f.Lines.Count;
            reached += f.Lines.Count(l => l.Reached);
            sides += 2 * f.Branches.Count;
            sidesReached += f.Branches.Sum(b => (b.TrueSide ? 1 : 0) + (b.FalseSide ? 1 : 0));
        }
        return new CoverageSummary(lines, reached, sides, sidesReached);
    }
}

public sealed record CoverageSummary(int Lines, int LinesReached, int BranchSides, int BranchSidesReached);

/// <summary>One source file. <see cref="Shipped"/>: one of the headers that come with Lockstep.</summary>
public sealed record FileCoverage(string File, bool Shipped, IReadOnlyList<LineCoverage> Lines, IReadOnlyList<BranchCoverage> Branches);

/// <summary>A line with code on it, the function it belongs to, and its text.</summary>
public sealed record LineCoverage(int Line, string Function, bool Reached, string Source);

/// <summary>One condition (an <c>if</c>, a loop test, a <c>&amp;&amp;</c> operand, a <c>switch</c> arm): which sides were taken.
/// <see cref="Index"/> numbers the conditions of one line.</summary>
public sealed record BranchCoverage(int Line, int Index, string Function, bool Reached, bool TrueSide, bool FalseSide);

/// <summary>A check (assert, WARN_ON, BUG_ON, an invariant) and whether it was reached; a correct model never fires one.</summary>
public sealed record CheckCoverage(string Check, string File, int Line, string Function, bool Reached);
