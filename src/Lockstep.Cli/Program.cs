namespace Lockstep.Cli;

internal static class Program
{
    private static int Main(string[] args) => LockstepCommand.Run(args, Console.Out, Console.Error);
}
