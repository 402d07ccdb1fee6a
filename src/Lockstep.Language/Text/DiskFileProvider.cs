namespace Lockstep.Language.Text;

/// <summary>
/// Reads model files from the file system. Only regular files of a sane size are read: a device (<c>/dev/zero</c>), a
/// FIFO or a huge file is refused with an <see cref="IOException"/> the caller turns into a diagnostic, before anything
/// is read — reading one would hang or exhaust memory.
/// </summary>
public sealed class DiskFileProvider : ISourceFileProvider
{
    /// <summary>No model or header is anywhere near this; a file above it is not a model.</summary>
    public const long MaxFileBytes = 8L << 20;

    public static readonly DiskFileProvider Instance = new();

    public bool Exists(string path) => File.Exists(path);

    public string ReadAllText(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
            throw new IOException($"'{path}' is {info.Length} bytes, more than the {MaxFileBytes >> 20} MiB a model file may have");
        // A device or a FIFO reports length 0 (and opening a FIFO blocks): such a file is refused. An empty regular
        // file has nothing to read either, so it is not opened.
        if (info.Length == 0)
        {
            if (IsSpecial(info)) throw new IOException($"'{path}' is not a regular file");
            return "";
        }
        return File.ReadAllText(path);
    }

    /// <summary>Devices and the kernel's pseudo-files live under /dev, /proc and /sys. A FIFO elsewhere also reports
    /// length 0 and is read as empty (never opened, so never waited on).</summary>
    private static bool IsSpecial(FileInfo info) =>
        info.FullName.StartsWith("/dev/", StringComparison.Ordinal)
        || info.FullName.StartsWith("/proc/", StringComparison.Ordinal)
        || info.FullName.StartsWith("/sys/", StringComparison.Ordinal);
}
