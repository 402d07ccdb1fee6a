using Lockstep.Reports;

namespace Lockstep.Cli;

/// <summary>
/// Where the replay file of a bug goes: --trace-out if given; else next to the --json file (result.json →
/// result.replay.json); else the replay folder: $LOCKSTEP_REPLAY_DIR, or $XDG_STATE_HOME/lockstep/replays, or
/// ~/.local/state/lockstep/replays — never the current directory, which may be a source tree.
/// </summary>
internal static class ReplayLocation
{
    public static string For(OutputOptions.Requested requested, string model)
    {
        if (requested.TraceOut is { } explicitPath) return explicitPath;
        if (requested.Json is { } json && OutputFile.IsRegularTarget(json)) return Path.ChangeExtension(json, ".replay.json");
        return Path.Combine(Folder(), Path.GetFileNameWithoutExtension(model) + ".replay.json");
    }

    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable("LOCKSTEP_REPLAY_DIR") is { Length: > 0 } configured) return configured;
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "lockstep", "replays");
    }
}
