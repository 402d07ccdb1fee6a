using Lockstep.Kernel;
using Lockstep.Language.Lowering;
using Lockstep.Language.Text;
using Lockstep.Machine.Ir;

namespace Lockstep.Checker;

/// <summary>Compiles a model with the standard include path: -I directories first, then the headers shipped with Lockstep.</summary>
public static class ModelCompilation
{
    public sealed record Output(IrProgram? Program, IReadOnlyList<string> Diagnostics)
    {
        /// <summary>The model file and the headers it read, with content hashes.</summary>
        public IReadOnlyList<Reports.InputFile> Inputs { get; init; } = [];
    }

    /// <summary>Where &lt;lockstep/kernel.h&gt; and the linux/*.h headers are: next to the tool, else models/include of a source tree above it.</summary>
    public static string StandardIncludeDirectory { get; } = FindStandardIncludeDirectory();

    public static Output Compile(ModelSource source, CheckOptions options, KernelPrimitives primitives)
    {
        // A model shipped from another machine is compiled from its texts, with the include directories it was compiled
        // with there, so every path resolves as it did for the sender.
        var shipped = options.Shipped;
        var recorder = new RecordingFileProvider(shipped?.Provider ?? DiskFileProvider.Instance, source.IsFile);
        var compilerOptions = new CompilerOptions
        {
            FileProvider = recorder,
            IncludeDirectories = shipped?.IncludeDirectories ?? IncludeDirectories(options),
            Defines = options.Defines,
            Configs = options.Configs,
        };
        var input = source.IsFile
            ? Language.Lowering.ModelSource.FromFile(source.Name)
            : Language.Lowering.ModelSource.FromText(source.Text ?? "", source.Name);
        var result = ModelCompiler.Compile(input, compilerOptions, primitives);
        return new Output(result.Program, result.Diagnostics.Select(d => d.ToString()).ToList()) { Inputs = [.. recorder.Read] };
    }

    /// <summary>
    /// Where a compilation with <paramref name="options"/> looks for headers: -I first, then the standard headers,
    /// relative to the working directory of this call when below it, so traces print header paths as short as the
    /// model's own (the directory itself is found once, as an absolute path).
    /// </summary>
    public static IReadOnlyList<string> IncludeDirectories(CheckOptions options) =>
        [.. options.IncludeDirectories, Shorten(StandardIncludeDirectory)];

    private static string FindStandardIncludeDirectory()
    {
        // In a source tree the headers of models/include are the ones to use (and to show in traces, relative to
        // the working directory); an installed tool has its copy beside it; a library in someone's project unpacks
        // the copy embedded in it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "include");
            if (File.Exists(Path.Combine(candidate, "lockstep", "kernel.h"))) return candidate;
        }
        var beside = Path.Combine(AppContext.BaseDirectory, "include");
        return File.Exists(Path.Combine(beside, "lockstep", "kernel.h")) ? beside : EmbeddedHeaders.Unpack();
    }

    private static string Shorten(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
