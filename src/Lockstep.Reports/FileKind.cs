using System.Runtime.InteropServices;

namespace Lockstep.Reports;

/// <summary>
/// Whether a path names a regular file, a directory, something else (a device, a FIFO, a socket), or nothing.
/// .NET reports devices and FIFOs as "Normal" files, so the kind comes from Linux's statx, whose layout is the same
/// on every architecture; elsewhere only /dev paths count as special.
/// </summary>
internal static partial class FileKind
{
    public enum Kind { Missing, Regular, Directory, Special }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int DirectoryType = 0x4000;

    /// <summary>The kind of what <paramref name="path"/> names, following symbolic links.</summary>
    public static Kind Of(string path)
    {
        if (Directory.Exists(path)) return Kind.Directory;
        if (!File.Exists(path)) return Kind.Missing;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return StatMode(path) switch
                {
                    null => Kind.Missing,
                    var m when (m & TypeMask) == Regular => Kind.Regular,
                    var m when (m & TypeMask) == DirectoryType => Kind.Directory,
                    _ => Kind.Special,
                };
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A libc without statx: fall through to the path test.
            }
        }
        return Path.GetFullPath(path).StartsWith("/dev/", StringComparison.Ordinal) ? Kind.Special : Kind.Regular;
    }

    private static unsafe int? StatMode(string path)
    {
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
        return *(ushort*)(buffer + ModeOffset);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
