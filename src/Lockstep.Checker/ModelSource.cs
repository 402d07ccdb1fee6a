namespace Lockstep.Checker;

/// <summary>A model to check: a file on disk, or text with a virtual file name.</summary>
public sealed record ModelSource(string Name, string? Text, bool IsFile)
{
    public static ModelSource FromFile(string path) => new(path, null, true);
    public static ModelSource FromText(string text, string virtualName = "model.c") => new(virtualName, text, false);
}
