using System.Text;

namespace Lockstep.Reports;

/// <summary>
/// Writes a result file whole or not at all. A regular file (or a new one) is written to a temporary file in the
/// folder of the final target (for a symbolic link, the folder of what it points to) and renamed over it, so a
/// reader never sees half a report and a link stays a link. A device or FIFO (<c>/dev/stdout</c>, a pipe) is written
/// through, appending, never replaced by a regular file.
/// </summary>
public static class OutputFile
{
    /// <summary>Why <paramref name="path"/> cannot take a result file, or null if it can. Checked before a search.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "an empty path";
        var kind = FileKind.Of(path);
        if (kind == FileKind.Kind.Directory) return $"'{path}' is a directory";
        if (WritesThrough(path, kind)) return null;
        var target = Target(path);
        var folder = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(folder)) return $"the folder '{folder}' does not exist";
        // The one reliable test of "can I create the temporary file there" is to create it.
        var probe = TemporaryName(target);
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write in '{folder}' ({e.Message})";
        }
        return null;
    }

    public static void WriteAllText(string path, string contents)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(contents);
        if (WritesThrough(path, FileKind.Of(path)))
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
            stream.Write(bytes);
            stream.Flush();
            return;
        }
        var target = Target(path);
        var temp = TemporaryName(target);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Whether <paramref name="path"/> is (or will be) a regular file, not a device, FIFO or /dev path.</summary>
    public static bool IsRegularTarget(string path) => !WritesThrough(path, FileKind.Of(path)) && FileKind.Of(path) != FileKind.Kind.Directory;

    /// <summary>
    /// Devices, FIFOs and sockets are written through; so is anything reached through /dev or /proc (a /dev/stdout
    /// that the shell redirected to a regular file must get the output appended, not the file replaced).
    /// </summary>
    private static bool WritesThrough(string path, FileKind.Kind kind)
    {
        if (kind == FileKind.Kind.Special) return true;
        if (kind == FileKind.Kind.Missing) return false;
        var full = Path.GetFullPath(path);
        if (IsKernelPath(full)) return true;
        return LinkTarget(full, final: false) is { } link && IsKernelPath(link);
    }

    private static bool IsKernelPath(string full) =>
        full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal);

    /// <summary>The file the rename must replace: a symbolic link's final target, else the path itself.</summary>
    private static string Target(string path)
    {
        var full = Path.GetFullPath(path);
        return LinkTarget(full, final: true) ?? full;
    }

    /// <summary>What a symbolic link points to (its last hop if <paramref name="final"/>), or null for anything else.</summary>
    private static string? LinkTarget(string full, bool final)
    {
        try
        {
            var info = new FileInfo(full);
            return info.LinkTarget is null ? null : info.ResolveLinkTarget(final)?.FullName;
        }
        catch (IOException)
        {
            // A path under a missing folder is no link; the caller reports the folder.
            return null;
        }
    }

    private static string TemporaryName(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
}
