namespace Lockstep.Reports;

/// <summary>
/// A file a check read (the model or a header), by the path the compiler used, with the SHA-256 of its content: a
/// replay file records them so that replaying against an edited model is refused rather than misread.
/// </summary>
/// <remarks>
/// The hash is computed when first asked for (a replay file, a cluster shipping the model): a check that needs
/// neither does not load the platform's cryptography library, a noticeable part of a short check's start-up
/// (docs/performance.md, "Start-up").
/// </remarks>
public sealed class InputFile(string path, string text, bool isModel)
{
    private string? _sha256;

    public string Path { get; } = path;

    public bool IsModel { get; } = isModel;

    public string Sha256 => _sha256 ??= HashText(text);

    /// <summary>The hash recorded for a file's text (as the compiler read it, UTF-8).</summary>
    public static string HashText(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
