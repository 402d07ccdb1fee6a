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
        /// <summary>The kernel version the model was compiled for (the default when it could not be read).</summary>
        public ModelKernelVersion Kernel { get; init; } = ModelKernelVersion.Default;
    }

    /// <summary>Where &lt;lockstep/kernel.h&gt; and the linux/*.h headers are: next to the tool, else models/include of a source tree above it.</summary>
    public static string StandardIncludeDirectory { get; } = FindStandardIncludeDirectory();

    public static Output Compile(ModelSource source, CheckOptions options, KernelPrimitives primitives)
    {
        // A model shipped from another machine is compiled from its texts, with the include directories it was compiled
        // with there, so every path resolves as it did for the sender.
        var shipped = options.Shipped;
        var files = shipped?.Provider ?? DiskFileProvider.Instance;
        var (kernel, versionErrors) = KernelVersionOf(source, options);
        if (kernel is null) return new Output(null, versionErrors);
        var recorder = new RecordingFileProvider(files, source.IsFile);
        var compilerOptions = new CompilerOptions
        {
            FileProvider = recorder,
            IncludeDirectories = shipped?.IncludeDirectories ?? IncludeDirectories(options),
            Defines = kernel.Source == ModelKernelVersion.FromModel ? [.. options.Defines, kernel.Version.Define] : options.Defines,
            Configs = options.Configs,
        };
        var input = source.IsFile
            ? Language.Lowering.ModelSource.FromFile(source.Name)
            : Language.Lowering.ModelSource.FromText(source.Text ?? "", source.Name);
        var result = ModelCompiler.Compile(input, compilerOptions, primitives);
        return new Output(result.Program, result.Diagnostics.Select(d => d.ToString()).ToList()) { Inputs = [.. recorder.Read], Kernel = kernel };
    }

    /// <summary>The kernel version the check of <paramref name="source"/> follows, or why none (<see cref="ModelKernelVersion.Choose"/>).</summary>
    public static (ModelKernelVersion? Version, IReadOnlyList<string> Errors) KernelVersionOf(ModelSource source, CheckOptions options) =>
        ModelKernelVersion.Choose(source.Name, ModelText(source, options.Shipped?.Provider ?? DiskFileProvider.Instance), options.Defines);

    /// <summary>The kernel configuration a check of <paramref name="source"/> runs with: its --config switches, its bound
    /// on failed allocations, and its kernel version (the default when the version line is wrong: the compilation then
    /// reports that).</summary>
    public static KernelConfig KernelConfigFor(ModelSource source, CheckOptions options) =>
        KernelConfig.From(options.Configs) with
        {
            MaxAllocFailures = options.MaxAllocFailures,
            Version = KernelVersionOf(source, options).Version?.Version ?? KernelVersion.Default,
        };

    /// <summary>The model's own text, for its <c>lockstep-kernel:</c> line: read through the compilation's file provider,
    /// so a model shipped to another machine follows the same version. A file that cannot be read has no such line; the
    /// compiler then says why it cannot read it.</summary>
    private static string ModelText(ModelSource source, ISourceFileProvider files)
    {
        if (!source.IsFile) return source.Text ?? "";
        try { return files.Exists(source.Name) ? files.ReadAllText(source.Name) : ""; }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
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
