using Lockstep.Kernel;

namespace Lockstep.Cli;

/// <summary>
/// Checks --config names against the configs the kernel model knows: a typo (PREEMPT_RTT) would otherwise define an
/// unused CONFIG_ macro and check the default kernel without a word.
/// </summary>
internal static class ConfigNames
{
    /// <summary>Throws a usage error naming <paramref name="config"/>, the closest known name and all of them.</summary>
    public static void Check(string config)
    {
        var name = config.StartsWith("CONFIG_", StringComparison.Ordinal) ? config[7..] : config;
        if (KernelConfig.Known.Contains(name)) return;
        var closest = KernelConfig.Known.MinBy(k => Distance(k, name.ToUpperInvariant()))!;
        var hint = Distance(closest, name.ToUpperInvariant()) <= Math.Max(2, closest.Length / 3) ? $" (did you mean {closest}?)" : "";
        throw new UsageException($"--config: unknown config '{config}'{hint}; known configs: {string.Join(", ", KernelConfig.Known)}");
    }

    /// <summary>Levenshtein distance: the number of one-character edits between two names.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
