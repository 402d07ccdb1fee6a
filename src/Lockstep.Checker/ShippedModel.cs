using Lockstep.Language.Text;
using Lockstep.Reports;

namespace Lockstep.Checker;

/// <summary>
/// A model and every file its compilation read, as texts keyed by the paths the compiler asked for, with the include
/// directories it searched: what another machine needs to compile the same program without a copy of the files.
/// <see cref="Hash"/> covers all of it, so the receiver can tell it compiled what was sent.
/// </summary>
public sealed record ShippedModel(string ModelPath, IReadOnlyDictionary<string, string> Files, IReadOnlyList<string> IncludeDirectories)
{
    /// <summary>SHA-256 over the model path, the include directories and every (path, text), in path order.</summary>
    public string Hash
    {
        get
        {
            var text = new System.Text.StringBuilder();
            text.Append(ModelPath).Append('\0');
            foreach (var dir in IncludeDirectories) text.Append(dir).Append('\0');
            foreach (var (path, content) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
                text.Append(path).Append('\0').Append(InputFile.HashText(content)).Append('\0');
            return InputFile.HashText(text.ToString());
        }
    }

    /// <summary>Reads the files <paramref name="inputs"/> name (what a compilation read) from the disk.</summary>
    public static ShippedModel Collect(string modelPath, IReadOnlyList<InputFile> inputs, IReadOnlyList<string> includeDirectories) =>
        new(modelPath, inputs.ToDictionary(i => i.Path, i => DiskFileProvider.Instance.ReadAllText(i.Path), StringComparer.Ordinal), includeDirectories);

    internal ISourceFileProvider Provider => new ShippedFileProvider(Files);

    /// <summary>Serves the shipped texts; a file that was not shipped does not exist (the sender's compiler never read it).</summary>
    private sealed class ShippedFileProvider(IReadOnlyDictionary<string, string> files) : ISourceFileProvider
    {
        public bool Exists(string path) => files.ContainsKey(path);

        public string ReadAllText(string path) =>
            files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException($"'{path}' was not shipped with the model", path);
    }
}
