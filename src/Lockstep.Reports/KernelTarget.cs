namespace Lockstep.Reports;

/// <summary>The kernel version a check followed: <see cref="Version"/> as the kernel names it ("v6.19"), its
/// LINUX_VERSION_CODE, and where it came from — "default", "model" (its <c>lockstep-kernel:</c> line) or "define"
/// (<c>-D LINUX_VERSION_CODE=...</c>).</summary>
public sealed record KernelTarget(string Version, int Code, string Source)
{
    /// <summary>How the text report names the source.</summary>
    public string Describe() => Source switch
    {
        "model" => $"{Version} (the model's lockstep-kernel line)",
        "define" => $"{Version} (-D LINUX_VERSION_CODE)",
        _ => $"{Version} (default)",
    };
}
