using System.Reflection;

namespace Lockstep.Reports;

/// <summary>
/// The tool's one version (Directory.Build.props sets it for every assembly and package), as <c>lockstep --version</c>
/// prints it and the JSON, SARIF and replay files record it.
/// </summary>
public static class ToolInfo
{
    public const string Name = "lockstep";

    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>" when it knows the source revision; the version users compare is before it.
        return informational?.Split('+')[0] ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
