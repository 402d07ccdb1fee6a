namespace Lockstep.Reports;

/// <summary>Writes a result file whole or not at all: to a temporary file beside it, then renamed over it.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, contents);
        File.Move(temp, full, overwrite: true);
    }
}
