using System.Text.RegularExpressions;

namespace Lockstep.Checker;

/// <summary>
/// A named set of -D switches a model declares for <c>lockstep matrix --groups</c>: which of its actors run together.
/// Declared in the model's own text, one per line (usually in its header comment):
/// <c>lockstep-group: NAME [quick] NAME=VALUE ...</c>. "quick" marks a group whose every variant the engine exhausts
/// (or refutes) within seconds — the subset CI runs.
/// </summary>
public sealed partial record ActorGroup(string Name, IReadOnlyList<string> Defines, bool Quick, int Line)
{
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(=\S+)?$")]
    private static partial Regex Define();

    [GeneratedRegex(@"^[A-Za-z0-9_+.-]+$")]
    private static partial Regex GroupName();

    /// <summary>The groups declared in <paramref name="path"/>, in file order; a malformed declaration is an error
    /// naming its file and line.</summary>
    public static IReadOnlyList<ActorGroup> Read(string path)
    {
        var groups = new List<ActorGroup>();
        foreach (var directive in ModelDirective.Find(File.ReadAllLines(path), "group"))
        {
            var line = directive.Line;
            var words = directive.Value.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || !GroupName().IsMatch(words[0]))
                throw new FormatException($"{path}:{line}: a lockstep-group line needs a name (letters, digits, _ + . -) and its -D switches");
            var quick = false;
            var defines = new List<string>();
            foreach (var w in words.Skip(1))
            {
                if (w == "quick") { quick = true; continue; }
                if (!Define().IsMatch(w)) throw new FormatException($"{path}:{line}: '{w}' in lockstep-group {words[0]} is not NAME or NAME=VALUE");
                defines.Add(w);
            }
            if (groups.Any(g => g.Name == words[0])) throw new FormatException($"{path}:{line}: lockstep-group {words[0]} is declared twice");
            groups.Add(new ActorGroup(words[0], defines, quick, line));
        }
        return groups;
    }

    /// <summary>The groups a selection names: "all", "quick", or comma-separated names.</summary>
    public static IReadOnlyList<ActorGroup> Select(IReadOnlyList<ActorGroup> declared, string selection)
    {
        if (selection == "all") return declared;
        if (selection == "quick") return declared.Where(g => g.Quick).ToList();
        var chosen = new List<ActorGroup>();
        foreach (var name in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var g = declared.FirstOrDefault(d => d.Name == name)
                ?? throw new ArgumentException($"no lockstep-group '{name}' (declared: {string.Join(", ", declared.Select(d => d.Name))})");
            chosen.Add(g);
        }
        return chosen;
    }
}
