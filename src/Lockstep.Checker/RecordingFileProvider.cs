using Lockstep.Language.Text;
using Lockstep.Reports;

namespace Lockstep.Checker;

/// <summary>Reads through another provider and remembers every file read, with its content (hashed when asked).</summary>
/// <remarks>For a model read from disk, the first file read is the model itself.</remarks>
internal sealed class RecordingFileProvider(ISourceFileProvider inner, bool modelIsFile) : ISourceFileProvider
{
    private readonly List<InputFile> _read = [];

    public IReadOnlyList<InputFile> Read => _read;

    public bool Exists(string path) => inner.Exists(path);

    public string ReadAllText(string path)
    {
        var text = inner.ReadAllText(path);
        if (!_read.Exists(f => f.Path == path))
            _read.Add(new InputFile(path, text, modelIsFile && _read.Count == 0));
        return text;
    }
}
