namespace Lockstep.Cli.Tests;

/// <summary>Tests that run the CLI in-process share the process's working directory (one changes it): they run one at a time.</summary>
internal static class WorkingDirectory
{
    public const string Collection = "process working directory";
}
