using System.CommandLine;
using Lockstep.Kernel;

namespace Lockstep.Cli;

/// <summary><c>lockstep list</c>: the kernel primitives a model may call and the configs the checker knows.</summary>
internal static class ListCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("list", "List the kernel primitives and --config names Lockstep knows.");
        command.SetAction(_ =>
        {
            output.WriteLine("configs: " + string.Join(", ", KernelConfig.Known));
            output.WriteLine("primitives:");
            foreach (var name in new KernelPrimitives(new KernelConfig()).Names.Order(StringComparer.Ordinal))
                output.WriteLine("  " + name);
            return 0;
        });
        return command;
    }
}
