using System.Globalization;
using System.Text;

namespace Lockstep.Reports;

/// <summary>
/// Coverage as an lcov tracefile (the format of geninfo, read by genhtml and editor gutters): per file its lines
/// (<c>DA:line,hits</c>) and branch sides (<c>BRDA:line,block,branch,taken</c>). Lockstep knows reached or not, so a hit
/// count is 0 or 1; a condition never evaluated has '-' for both sides, as lcov writes it.
/// </summary>
public static class LcovReport
{
    public static string Render(CoverageReport coverage)
    {
        var sb = new StringBuilder();
        foreach (var file in coverage.Files)
        {
            sb.Append("TN:\n").Append("SF:").Append(file.File).Append('\n');
            foreach (var function in file.Lines.GroupBy(l => l.Function))
                sb.Append(CultureInfo.InvariantCulture, $"FN:{function.First().Line},{function.Key}\n");
            foreach (var function in file.Lines.GroupBy(l => l.Function))
                sb.Append(CultureInfo.InvariantCulture, $"FNDA:{(function.Any(l => l.Reached) ? 1 : 0)},{function.Key}\n");
            var functions = file.Lines.Select(l => l.Function).Distinct().ToList();
            sb.Append(CultureInfo.InvariantCulture, $"FNF:{functions.Count}\nFNH:{functions.Count(f => file.Lines.Any(l => l.Function == f && l.Reached))}\n");
            foreach (var b in file.Branches)
            {
                sb.Append(CultureInfo.InvariantCulture, $"BRDA:{b.Line},{b.Index},0,{Taken(b, b.TrueSide)}\n");
                sb.Append(CultureInfo.InvariantCulture, $"BRDA:{b.Line},{b.Index},1,{Taken(b, b.FalseSide)}\n");
            }
            sb.Append(CultureInfo.InvariantCulture, $"BRF:{2 * file.Branches.Count}\nBRH:{file.Branches.Sum(b => (b.TrueSide ? 1 : 0) + (b.FalseSide ? 1 : 0))}\n");
            foreach (var line in file.Lines)
                sb.Append(CultureInfo.InvariantCulture, $"DA:{line.Line},{(line.Reached ? 1 : 0)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"LF:{file.Lines.Count}\nLH:{file.Lines.Count(l => l.Reached)}\n");
            sb.Append("end_of_record\n");
        }
        return sb.ToString();
    }

    private static string Taken(BranchCoverage branch, bool side) => !branch.Reached ? "-" : side ? "1" : "0";
}
