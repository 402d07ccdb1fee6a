namespace Lockstep.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        StartupClock.MainEntered();
        return LockstepCommand.Run(args, Console.Out, Console.Error);
    }
}
