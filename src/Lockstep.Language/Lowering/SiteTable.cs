using Lockstep.Language.Text;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Lowering;

/// <summary>Interns the source sites of instructions (one per file, line, column and function).</summary>
internal sealed class SiteTable(SourceFiles files)
{
    private readonly Dictionary<(string, int, int, string), int> _index = [];

    public List<SourceSite> Sites { get; } = [];

    public int Intern(SourceLocation at, string function)
    {
        var key = (at.File, at.Line, at.Column, function);
        if (_index.TryGetValue(key, out var i)) return i;
        i = Sites.Count;
        Sites.Add(new SourceSite(at.File, at.Line, at.Column, function, files.LineText(at).Trim()));
        _index[key] = i;
        return i;
    }
}
