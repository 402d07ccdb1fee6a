using System.Text.RegularExpressions;
using Lockstep.Kernel;
using Lockstep.Language.Diagnostics;

namespace Lockstep.Checker;

/// <summary>
/// The kernel version a check follows and where it came from: a <c>-D LINUX_VERSION_CODE=...</c> of the check
/// (<see cref="FromDefine"/>), else the model's <c>lockstep-kernel: vMAJOR.MINOR[.PATCH]</c> line
/// (<see cref="FromModel"/>), else <see cref="KernelVersion.Default"/> (<see cref="FromDefault"/>).
/// </summary>
public sealed partial record ModelKernelVersion(KernelVersion Version, string Source)
{
    public const string FromDefault = "default";
    public const string FromModel = "model";
    public const string FromDefine = "define";

    public static ModelKernelVersion Default { get; } = new(KernelVersion.Default, FromDefault);

    private const string DefineName = "LINUX_VERSION_CODE";

    [GeneratedRegex(@"^KERNEL_VERSION\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$")]
    private static partial Regex KernelVersionCall();

    /// <summary>
    /// The version for the model <paramref name="file"/> with text <paramref name="text"/> checked with
    /// <paramref name="defines"/>, or the diagnostics (file:line:col for the model's line; the option for a -D) that
    /// say why there is none: a malformed version, a second <c>lockstep-kernel:</c> line, an unreadable -D.
    /// </summary>
    public static (ModelKernelVersion? Version, IReadOnlyList<string> Errors) Choose(string file, string text, IReadOnlyList<string> defines)
    {
        var errors = new List<string>();
        ModelKernelVersion? named = null;
        foreach (var d in ModelDirective.Find(ModelDirective.Lines(text), "kernel"))
        {
            if (named is not null)
            {
                errors.Add(Error(file, d, "a second lockstep-kernel line: a model follows one kernel version"));
                continue;
            }
            if (KernelVersion.Parse(d.Value, out var error) is { } v) named = new ModelKernelVersion(v, FromModel);
            else errors.Add(Error(file, d, $"lockstep-kernel: {error}"));
        }
        var define = defines.LastOrDefault(d => d == DefineName || d.StartsWith(DefineName + "=", StringComparison.Ordinal));
        if (define is not null)
        {
            var value = define.Length > DefineName.Length ? define[(DefineName.Length + 1)..].Trim() : "";
            // The -D wins over the model's line, but a malformed line is still an error of the model.
            if (FromDefineValue(value) is { } v) return errors.Count > 0 ? (null, errors) : (new ModelKernelVersion(v, FromDefine), errors);
            errors.Add($"error: -D {define}: LINUX_VERSION_CODE must be a number or KERNEL_VERSION(a, b, c)");
        }
        return errors.Count > 0 ? (null, errors) : (named ?? Default, errors);
    }

    private static string Error(string file, ModelDirective d, string message) =>
        new Diagnostic(DiagnosticSeverity.Error, file, d.Line, d.Column, message, d.LineText).ToString();

    private static KernelVersion? FromDefineValue(string value)
    {
        if (int.TryParse(value, out var code) && code > 0) return KernelVersion.FromCode(code);
        var m = KernelVersionCall().Match(value);
        return m.Success ? new KernelVersion(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)) : null;
    }
}
