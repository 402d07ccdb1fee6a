namespace Lockstep.Reports;

/// <summary>
/// A file a check read (the model or a header), by the path the compiler used, with the SHA-256 of its content: a
/// replay file records them so that replaying against an edited model is refused rather than misread.
/// </summary>
public sealed record InputFile(string Path, string Sha256, bool IsModel)
{
    /// <summary>The hash recorded for a file's text (as the compiler read it, UTF-8).</summary>
    public static string HashText(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
