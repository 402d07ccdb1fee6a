namespace Lockstep.Language.Text;

/// <summary>Reads files from the file system.</summary>
public sealed class DiskFileProvider : ISourceFileProvider
{
    public static readonly DiskFileProvider Instance = new();
    public bool Exists(string path) => File.Exists(path);
    public string ReadAllText(string path) => File.ReadAllText(path);
}
