using System.Text.RegularExpressions;

namespace Lockstep.Checker;

/// <summary>
/// A <c>lockstep-NAME: value</c> line in a model's own text, usually in its header comment: how a model tells the
/// checker about itself (<c>lockstep-group:</c>, <see cref="ActorGroup"/>; <c>lockstep-kernel:</c>,
/// <see cref="ModelKernelVersion"/>). <see cref="Line"/> and <see cref="Column"/> (1-based) point at the value.
/// A comment's closing <c>*/</c> on the same line is not part of the value.
/// </summary>
public sealed partial record ModelDirective(string Value, int Line, int Column, string LineText)
{
    [GeneratedRegex(@"lockstep-(?<name>[a-z]+):[ \t]*(?<rest>.*)$")]
    private static partial Regex Declaration();

    /// <summary>Every <c>lockstep-<paramref name="name"/>:</c> line of <paramref name="lines"/>, in order.</summary>
    public static IReadOnlyList<ModelDirective> Find(IReadOnlyList<string> lines, string name)
    {
        var found = new List<ModelDirective>();
        for (var i = 0; i < lines.Count; i++)
        {
            var m = Declaration().Match(lines[i]);
            if (!m.Success || m.Groups["name"].Value != name) continue;
            var rest = m.Groups["rest"];
            var value = rest.Value.TrimEnd();
            if (value.EndsWith("*/", StringComparison.Ordinal)) value = value[..^2].TrimEnd();
            found.Add(new ModelDirective(value, i + 1, rest.Index + 1, lines[i]));
        }
        return found;
    }

    /// <summary>The lines of a text, as <see cref="Find"/> numbers them.</summary>
    public static IReadOnlyList<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
}
