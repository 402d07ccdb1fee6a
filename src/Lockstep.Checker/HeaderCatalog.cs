using System.Text.RegularExpressions;

namespace Lockstep.Checker;

/// <summary>One name a shipped header gives a model: a function (a primitive's prototype or a static helper) or a macro.</summary>
public sealed record HeaderName(string Header, string Name, bool IsMacro);

/// <summary>
/// What each shipped header (models/include) declares, read from the headers themselves: the prototypes and static
/// functions, and the macros. Names starting with an underscore are the headers' internals (what their macros expand
/// to) and are left out. <c>lockstep list</c> prints it grouped by header; docs/language.md's appendix is its output.
/// </summary>
public static partial class HeaderCatalog
{
    public static IReadOnlyList<HeaderName> Scan(string includeDirectory)
    {
        var names = new List<HeaderName>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(includeDirectory, "*.h", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var header = Path.GetRelativePath(includeDirectory, file).Replace('\\', '/');
            if (header == "lockstep/kernel.h") continue;
            var text = Comment().Replace(File.ReadAllText(file), "");
            foreach (Match m in Function().Matches(text))
                Add(header, m.Groups["name"].Value, isMacro: false);
            foreach (Match m in Macro().Matches(text))
                Add(header, m.Groups["name"].Value, isMacro: true);
        }
        return names;

        void Add(string header, string name, bool isMacro)
        {
            if (name.StartsWith('_') || !seen.Add(name)) return;
            names.Add(new HeaderName(header, name, isMacro));
        }
    }

    /// <summary>The shipped headers' names grouped by header, in header order, each group sorted.</summary>
    public static IEnumerable<IGrouping<string, HeaderName>> ByHeader(IEnumerable<HeaderName> names) =>
        names.OrderBy(n => n.Header, StringComparer.Ordinal).ThenBy(n => n.Name, StringComparer.Ordinal).GroupBy(n => n.Header);

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    // A prototype or a function definition at the start of a line: return type, name, parameters, then ';' or '{'.
    [GeneratedRegex(@"^(?!\s*#)(?!\s*typedef)(?!\s*return)[A-Za-z_][\w \t\*]*?\b(?<name>[A-Za-z_]\w*)\s*\([^;{()]*(\([^()]*\)[^;{()]*)*\)\s*(;|\n?\{)", RegexOptions.Multiline)]
    private static partial Regex Function();

    [GeneratedRegex(@"^\s*#\s*define\s+(?<name>[A-Za-z_]\w*)", RegexOptions.Multiline)]
    private static partial Regex Macro();
}
