using System.Text.RegularExpressions;

namespace Lockstep.Kernel;

/// <summary>
/// The kernel version whose semantics a model follows: <see cref="Default"/> (v6.19) unless the model declares another
/// with a <c>lockstep-kernel: vMAJOR.MINOR[.PATCH]</c> line. It reaches the model's preprocessor as LINUX_VERSION_CODE
/// (models/include/linux/version.h, with KERNEL_VERSION(a, b, c)); the headers choose the rules that changed between
/// versions from it.
/// </summary>
public readonly partial record struct KernelVersion(int Major, int Minor, int Patch = 0) : IComparable<KernelVersion>
{
    /// <summary>The version Lockstep follows, and the newest it knows: a model cannot claim a later one.</summary>
    public static KernelVersion Default { get; } = new(6, 19);

    /// <summary>LINUX_VERSION_CODE: KERNEL_VERSION(major, minor, patch), the patch level capped at 255 as the kernel caps it.</summary>
    public int Code => (Major << 16) + (Minor << 8) + Math.Min(Patch, 255);

    /// <summary>The -D that gives the headers this version.</summary>
    public string Define => $"LINUX_VERSION_CODE={Code}";

    public override string ToString() => Patch == 0 ? $"v{Major}.{Minor}" : $"v{Major}.{Minor}.{Patch}";

    public int CompareTo(KernelVersion other) => Code.CompareTo(other.Code);

    /// <summary>The version a LINUX_VERSION_CODE value stands for.</summary>
    public static KernelVersion FromCode(long code) => new((int)(code >> 16), (int)(code >> 8 & 0xff), (int)(code & 0xff));

    /// <summary>Parses <c>vMAJOR.MINOR</c> or <c>vMAJOR.MINOR.PATCH</c> (e.g. v6.8, v6.1.55); null with the reason when
    /// <paramref name="text"/> is not such a version or names a kernel newer than <see cref="Default"/>.</summary>
    public static KernelVersion? Parse(string text, out string? error)
    {
        var m = Syntax().Match(text);
        if (!m.Success)
        {
            error = $"'{text}' is not a kernel version: write vMAJOR.MINOR or vMAJOR.MINOR.PATCH, e.g. v6.8";
            return null;
        }
        var (major, minor) = (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
        var patch = m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0;
        if (major < 2 || minor > 255 || patch > 255)
        {
            error = $"'{text}' is not a kernel version: the major number is at least 2, the minor and patch numbers at most 255";
            return null;
        }
        var version = new KernelVersion(major, minor, patch);
        if (new KernelVersion(major, minor).CompareTo(Default) > 0)
        {
            error = $"{version} is newer than the newest kernel Lockstep follows ({Default})";
            return null;
        }
        error = null;
        return version;
    }

    [GeneratedRegex(@"^v(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?$")]
    private static partial Regex Syntax();
}
