namespace Lockstep.Language.Lowering;

/// <summary>The main file of a model: a path read through <see cref="CompilerOptions.FileProvider"/>, or text with a virtual file name.</summary>
public sealed record ModelSource(string Path, string? Text)
{
    public static ModelSource FromFile(string path) => new(path, null);
    public static ModelSource FromText(string text, string virtualPath = "model.c") => new(virtualPath, text);
}
