using System.CommandLine;
using Lockstep.Checker;
using Lockstep.Kernel;

namespace Lockstep.Cli;

/// <summary>
/// <c>lockstep list</c>: the configs the checker knows and what a model may call, grouped by the shipped header that
/// declares it (functions and macros; the headers' internal <c>__</c> names are left out). <c>--markdown</c> prints
/// the table of docs/language.md's appendix.
/// </summary>
internal static class ListCommand
{
    public const string Name = "list";
    public const string Description = "List the --config names and, by header, the kernel primitives and macros a model may call.";

    public static Command Create(TextWriter output)
    {
        var command = new Command(Name, Description);
        var markdown = new Option<bool>("--markdown") { Description = "Print the primitives as the Markdown table of docs/language.md." };
        command.Options.Add(markdown);
        command.SetAction(parse =>
        {
            var names = HeaderCatalog.Scan(ModelCompilation.StandardIncludeDirectory);
            if (parse.GetValue(markdown))
            {
                output.WriteLine("| header | functions | macros |");
                output.WriteLine("| --- | --- | --- |");
                foreach (var group in HeaderCatalog.ByHeader(names))
                    output.WriteLine($"| `{group.Key}` | {Join(group.Where(n => !n.IsMacro))} | {Join(group.Where(n => n.IsMacro))} |");
                return 0;
            }
            output.WriteLine("configs: " + string.Join(", ", KernelConfig.Known));
            foreach (var group in HeaderCatalog.ByHeader(names))
            {
                output.WriteLine($"<{group.Key}>:");
                foreach (var n in group) output.WriteLine($"  {n.Name}{(n.IsMacro ? " (macro)" : "")}");
            }
            return 0;
        });
        return command;
    }

    private static string Join(IEnumerable<HeaderName> names) => string.Join(", ", names.Select(n => $"`{n.Name}`"));
}
