using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// After a check: prints the verdict (always first, so it survives whatever follows), then writes the result files.
/// A file that cannot be written (a full disk, <c>/dev/full</c>) is named on stderr and makes the exit code 2; the
/// other files are still written.
/// </summary>
internal static class ResultWriter
{
    public static int Write(CheckResult result, TextWriter output, TextWriter error, OutputOptions.Requested requested,
        CheckOptions options, bool verbose)
    {
        if (result.Verdict == Verdict.Error)
        {
            foreach (var d in result.Diagnostics) error.WriteLine(d);
            error.WriteLine("verdict: error");
        }
        else
        {
            output.Write(TextReport.Render(result, verbose));
        }
        output.Flush();
        var failed = false;
        void Save(string what, string path, Func<string> render)
        {
            try
            {
                // Our own stdout and stderr go through their writers: opened anew, a redirected stdout would be
                // written at another offset than the report's text.
                if (StandardStream(path, output, error) is { } writer) writer.Write(render());
                else OutputFile.WriteAllText(path, render());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"lockstep: error: {what}: cannot write '{path}': {e.Message}");
                failed = true;
            }
        }
        if (requested.Json is { } json) Save("--json", json, () => JsonReport.Render(result));
        if (requested.Sarif is { } sarif) Save("--sarif", sarif, () => SarifReport.Render(result, VerdictExitCodes.For(result.Verdict)));
        if (requested.Html is { } html) Save("--html", html, () => HtmlReport.Render(result));
        if (requested.Dot is { } dot) Save("--dot", dot, () => DotReport.Render(result, Path.GetFileName(result.Model)));
        if (requested.Coverage is { } lcov) Save("--coverage", lcov, () => LcovReport.Render(result.Coverage));
        if (result.FirstBug is { } bug && result.Verdict == Verdict.Bug)
        {
            var path = ReplayLocation.For(requested, result.Model);
            var what = requested.TraceOut is null ? "replay file" : "--trace-out";
            try
            {
                // The replay folder is ours to create; a folder the user named was checked before the search.
                if (Path.GetDirectoryName(Path.GetFullPath(path)) == Path.GetFullPath(ReplayLocation.Folder())) Directory.CreateDirectory(ReplayLocation.Folder());
                Save(what, path, () => ReplayFile.Create(result, bug, options.IncludeDirectories, path, ModelCompilation.StandardIncludeDirectory).ToJson());
                if (!failed) output.WriteLine($"replay file: {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"lockstep: error: {what}: cannot create '{ReplayLocation.Folder()}': {e.Message}");
                failed = true;
            }
        }
        return failed ? 2 : VerdictExitCodes.For(result.Verdict);
    }

    private static TextWriter? StandardStream(string path, TextWriter output, TextWriter error) => path switch
    {
        "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1" => output,
        "/dev/stderr" or "/dev/fd/2" or "/proc/self/fd/2" => error,
        _ => null,
    };
}
