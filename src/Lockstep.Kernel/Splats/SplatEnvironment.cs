namespace Lockstep.Kernel.Splats;

/// <summary>
/// What a splat says about the machine: <c>print_kernel_ident()</c>'s release, version and taint, and the
/// <c>dump_stack()</c> header's CPU. Fixed values keep reports reproducible.
/// </summary>
public sealed record SplatEnvironment(
    string Release = "6.19.0-lockstep", // ReleaseOf(KernelVersion.Default)
    string Version = "#1",
    string Taint = "Not tainted",
    int Cpu = 0,
    bool PreemptRt = false)
{
    public static SplatEnvironment Default { get; } = new();

    /// <summary>The release a kernel of <paramref name="version"/> prints ("6.8.0-lockstep").</summary>
    public static string ReleaseOf(KernelVersion version) => $"{version.Major}.{version.Minor}.{version.Patch}-lockstep";

    /// <summary><c>print_kernel_ident()</c>: "release version taint".</summary>
    public string Ident => $"{Release} {Version} {Taint}";
}
