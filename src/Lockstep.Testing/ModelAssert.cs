using System.Text;
using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Testing;

/// <summary>
/// Assertions on a model's verdict in one line, for unit tests of a protocol:
/// <code>
/// ModelAssert.Verifies("models/counter_locked.c");
/// ModelAssert.Finds("models/abba.c", kind: BugKind.CircularLocking.Name(), at: "abba.c:23", function: "ba");
/// </code>
/// (<c>BugKind</c> and <c>Name()</c> are the Kernel's vocabulary, Lockstep.Kernel.Bugs; the name as a report prints it works as well.)
/// Each checks the model (file or text) with <see cref="ModelChecker"/> and throws <see cref="ModelAssertException"/>,
/// with the verdict and the kernel-style report, when the result is not the one expected.
/// </summary>
public static class ModelAssert
{
    /// <summary>Asserts that every interleaving of the model file is explored and none goes wrong (verdict ok).</summary>
    public static CheckResult Verifies(string modelPath, CheckOptions? options = null) =>
        ExpectOk(ModelChecker.CheckFile(modelPath, options), modelPath);

    /// <summary>Asserts that model text (named <paramref name="name"/> in reports) is verified.</summary>
    public static CheckResult VerifiesText(string text, CheckOptions? options = null, string name = "model.c") =>
        ExpectOk(ModelChecker.CheckText(text, options, name), name);

    /// <summary>
    /// Asserts that checking the model file finds a bug of <paramref name="kind"/> (a name <c>lockstep explain</c> lists),
    /// optionally raised at <paramref name="at"/> ("file.c:LINE", the file by name or path), in <paramref name="function"/>,
    /// on <paramref name="thread"/>. Returns the bug for further assertions.
    /// </summary>
    public static BugReport Finds(string modelPath, string kind, string? at = null, string? function = null, string? thread = null,
        CheckOptions? options = null) =>
        ExpectBug(ModelChecker.CheckFile(modelPath, options), modelPath, kind, at, function, thread);

    /// <summary>As <see cref="Finds"/>, for model text.</summary>
    public static BugReport FindsInText(string text, string kind, string? at = null, string? function = null, string? thread = null,
        CheckOptions? options = null, string name = "model.c") =>
        ExpectBug(ModelChecker.CheckText(text, options, name), name, kind, at, function, thread);

    private static CheckResult ExpectOk(CheckResult result, string model)
    {
        if (result.Verdict != Verdict.Ok) throw Failure($"expected {model} to be verified (verdict ok)", result);
        return result;
    }

    private static BugReport ExpectBug(CheckResult result, string model, string kind, string? at, string? function, string? thread)
    {
        var expected = Describe(kind, at, function, thread);
        if (result.Verdict != Verdict.Bug || result.FirstBug is not { } bug)
            throw Failure($"expected {model} to have {expected}", result);
        var differences = new List<string>();
        if (bug.Kind != kind) differences.Add($"kind is {bug.Kind}");
        if (at is not null && !IsAt(bug.Location, at)) differences.Add($"it is at {Where(bug.Location)}");
        if (function is not null && bug.Location?.Function != function) differences.Add($"function is {bug.Location?.Function ?? "unknown"}");
        if (thread is not null && bug.Thread != thread) differences.Add($"thread is {bug.Thread}");
        if (differences.Count > 0)
            throw Failure($"expected {model} to have {expected}, but its bug's {string.Join(", ", differences)}", result);
        return bug;
    }

    /// <summary>"abba.c:23" matches a location in any folder; "models/abba.c:23" must match the path's end.</summary>
    private static bool IsAt(SourceLocation? location, string at)
    {
        if (location is null) return false;
        var colon = at.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(at[(colon + 1)..], out var line)) return false;
        var file = at[..colon].Replace('\\', '/');
        var actual = location.File.Replace('\\', '/');
        return line == location.Line && (actual == file || actual.EndsWith("/" + file, StringComparison.Ordinal));
    }

    private static string Where(SourceLocation? l) => l is null ? "an unknown place" : $"{l.File}:{l.Line}";

    private static string Describe(string kind, string? at, string? function, string? thread)
    {
        var sb = new StringBuilder("a bug of kind ").Append(kind);
        if (at is not null) sb.Append(" at ").Append(at);
        if (function is not null) sb.Append(" in ").Append(function).Append("()");
        if (thread is not null) sb.Append(" on thread ").Append(thread);
        return sb.ToString();
    }

    private static ModelAssertException Failure(string message, CheckResult result)
    {
        var sb = new StringBuilder(message).Append("; lockstep says:\n");
        if (result.Verdict == Verdict.Error)
        {
            foreach (var d in result.Diagnostics) sb.Append(d).Append('\n');
            sb.Append("verdict: error\n");
        }
        else
        {
            sb.Append(TextReport.Render(result));
        }
        return new ModelAssertException(sb.ToString());
    }
}
