using System.CommandLine;
using Lockstep.Kernel.Bugs;

namespace Lockstep.Cli;

/// <summary><c>lockstep explain KIND</c>: what a bug kind means, how the kernel reports it, and the usual remedies.</summary>
internal static class ExplainCommand
{
    public const string Name = "explain";
    public const string Description = "Explain a bug kind: the kernel's report, what it means, how it is usually fixed.";

    public static Command Create(TextWriter output)
    {
        var kind = new Argument<string?>("kind") { Description = "A bug kind as a report prints it (recursive-locking, sleep-in-atomic, ...); none lists them.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(Name, Description);
        command.Arguments.Add(kind);
        command.SetAction(parse =>
        {
            var name = parse.GetValue(kind);
            if (name is null)
            {
                foreach (var k in BugKindCatalog.All) output.WriteLine($"{k.Name,-22} {k.KernelReport}");
                return 0;
            }
            var info = BugKindCatalog.Find(name)
                ?? throw new UsageException($"unknown bug kind '{name}' (one of: {string.Join(", ", BugKindCatalog.All.Select(k => k.Name))})");
            output.WriteLine(info.Name);
            output.WriteLine($"  kernel report: {info.KernelReport}");
            output.WriteLine($"  meaning:       {info.Meaning}");
            output.WriteLine($"  remedy:        {info.Remedy}");
            if (info.Predictive) output.WriteLine("  predictive:    yes (lockdep reports it from dependencies recorded on other paths; the deadlock itself need not be reached)");
            return 0;
        });
        return command;
    }
}
