using System.Diagnostics;
using System.Globalization;

namespace Lockstep.Exploration;

/// <summary>
/// The process's resident memory now and at its peak, for the memory budget and the statistics. On Linux it reads
/// <c>/proc/self/status</c> (VmRSS, VmHWM) directly: <see cref="Environment.WorkingSet"/> and
/// <see cref="Process.PeakWorkingSet64"/> load System.Diagnostics.Process through reflection and parse more files,
/// which cost a short check several milliseconds (docs/performance.md, "Start-up"). Elsewhere, those.
/// </summary>
public static class ProcessMemory
{
    private const string StatusFile = "/proc/self/status";

    /// <summary>Resident bytes now.</summary>
    public static long Resident() => ReadStatus("VmRSS:") ?? Environment.WorkingSet;

    /// <summary>The most resident bytes the process has had; the managed heap's size when the platform cannot say.</summary>
    public static long Peak()
    {
        if (ReadStatus("VmHWM:") is { } peak) return peak;
        try
        {
            using var process = Process.GetCurrentProcess();
            if (process.PeakWorkingSet64 > 0) return process.PeakWorkingSet64;
        }
        catch (PlatformNotSupportedException)
        {
        }
        return GC.GetGCMemoryInfo().HeapSizeBytes;
    }

    /// <summary>The value of a "Name:   1234 kB" line of the status file in bytes, or null when there is no such file or
    /// line.</summary>
    private static long? ReadStatus(string field)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            foreach (var line in File.ReadLines(StatusFile))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
                var text = line.AsSpan(field.Length).Trim();
                if (text.EndsWith("kB", StringComparison.Ordinal)) text = text[..^2].TrimEnd();
                return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
