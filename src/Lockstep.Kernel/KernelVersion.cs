using System.Text.RegularExpressions;

namespace Lockstep.Kernel;

/// <summary>
/// The kernel version whose semantics a model follows: v6.19 unless the model's first comment names another
/// ("Linux v6.8"). It reaches the headers as LINUX_VERSION_CODE (models/include/linux/version.h), where the rules
/// that changed between versions are chosen.
/// </summary>
public static partial class KernelVersion
{
    public const int DefaultMajor = 6;
    public const int DefaultMinor = 19;

    /// <summary>The version the model's leading comment names, or null.</summary>
    public static (int Major, int Minor)? Named(string modelText)
    {
        var trimmed = modelText.TrimStart();
        if (!trimmed.StartsWith("/*", StringComparison.Ordinal)) return null;
        var end = trimmed.IndexOf("*/", StringComparison.Ordinal);
        var comment = end < 0 ? trimmed : trimmed[..end];
        var m = VersionName().Match(comment);
        return m.Success ? (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) : null;
    }

    /// <summary>The -D that gives the headers <paramref name="version"/>: LINUX_VERSION_CODE=KERNEL_VERSION(major, minor, 0).</summary>
    public static string Define((int Major, int Minor) version) => $"LINUX_VERSION_CODE={(version.Major << 16) + (version.Minor << 8)}";

    [GeneratedRegex(@"\bLinux v(\d+)\.(\d+)\b")]
    private static partial Regex VersionName();
}
