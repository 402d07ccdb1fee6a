namespace Lockstep.Checker;

/// <summary>
/// A <c>lockstep-NAME: value</c> line in a model's own text, usually in its header comment: how a model tells the
/// checker about itself (<c>lockstep-group:</c>, <see cref="ActorGroup"/>; <c>lockstep-kernel:</c>,
/// <see cref="ModelKernelVersion"/>). <see cref="Line"/> and <see cref="Column"/> (1-based) point at the value.
/// A comment's closing <c>*/</c> on the same line is not part of the value.
/// </summary>
public sealed record ModelDirective(string Value, int Line, int Column, string LineText)
{
    private const string Prefix = "lockstep-";

    /// <summary>Every <c>lockstep-<paramref name="name"/>:</c> line of <paramref name="lines"/>, in order.</summary>
    public static IReadOnlyList<ModelDirective> Find(IReadOnlyList<string> lines, string name)
    {
        var found = new List<ModelDirective>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (Declaration(lines[i]) is not ({ } declared, var restIndex) || declared != name) continue;
            var value = lines[i][restIndex..].TrimEnd();
            if (value.EndsWith("*/", StringComparison.Ordinal)) value = value[..^2].TrimEnd();
            found.Add(new ModelDirective(value, i + 1, restIndex + 1, lines[i]));
        }
        return found;
    }

    /// <summary>The first <c>lockstep-NAME:</c> of a line (NAME in lower-case letters) and where its value starts (after
    /// blanks); (null, 0) when there is none. Scanned by hand: a regular expression here costs every check the regex
    /// engine's start-up (docs/performance.md, "Start-up").</summary>
    private static (string? Name, int RestIndex) Declaration(string line)
    {
        for (var at = line.IndexOf(Prefix, StringComparison.Ordinal); at >= 0; at = line.IndexOf(Prefix, at + 1, StringComparison.Ordinal))
        {
            var nameStart = at + Prefix.Length;
            var nameEnd = nameStart;
            while (nameEnd < line.Length && char.IsAsciiLetterLower(line[nameEnd])) nameEnd++;
            if (nameEnd == nameStart || nameEnd >= line.Length || line[nameEnd] != ':') continue;
            var rest = nameEnd + 1;
            while (rest < line.Length && line[rest] is ' ' or '\t') rest++;
            return (line[nameStart..nameEnd], rest);
        }
        return (null, 0);
    }

    /// <summary>The lines of a text, as <see cref="Find"/> numbers them.</summary>
    public static IReadOnlyList<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
}
