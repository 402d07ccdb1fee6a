namespace Lockstep.Language.Text;

/// <summary>Where the preprocessor reads files from: the disk, or an in-memory set of files (tests, tools).</summary>
public interface ISourceFileProvider
{
    bool Exists(string path);
    string ReadAllText(string path);
}
