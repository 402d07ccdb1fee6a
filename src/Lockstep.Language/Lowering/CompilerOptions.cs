using Lockstep.Language.Text;

namespace Lockstep.Language.Lowering;

/// <summary>
/// How to compile a model: include search path (for &lt;x&gt; and as the fallback of "x"), macro definitions
/// (<c>-D NAME[=VALUE]</c>), kernel configuration options (<c>--config X</c> defines <c>CONFIG_X</c> as 1) and where
/// files are read from.
/// </summary>
public sealed record CompilerOptions
{
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];
    /// <summary>Macro definitions as given to -D: "NAME" (defined as 1) or "NAME=VALUE".</summary>
    public IReadOnlyList<string> Defines { get; init; } = [];
    /// <summary>Kconfig options: "PREEMPT_RT" or "CONFIG_PREEMPT_RT" both define CONFIG_PREEMPT_RT=1.</summary>
    public IReadOnlyList<string> Configs { get; init; } = [];
    public ISourceFileProvider FileProvider { get; init; } = DiskFileProvider.Instance;

    public static readonly CompilerOptions Default = new();

    /// <summary>Splits a -D argument into name and value ("1" when no '=' is given).</summary>
    public static (string Name, string Value) ParseDefine(string define)
    {
        var eq = define.IndexOf('=');
        return eq < 0 ? (define.Trim(), "1") : (define[..eq].Trim(), define[(eq + 1)..]);
    }

    /// <summary>The macro a --config option defines.</summary>
    public static string ConfigMacro(string config)
    {
        var c = config.Trim();
        return c.StartsWith("CONFIG_", StringComparison.Ordinal) ? c : "CONFIG_" + c;
    }
}
