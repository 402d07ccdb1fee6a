using System.Diagnostics;
using System.Globalization;

namespace Lockstep.Cli;

/// <summary>
/// Where a short run's wall time goes, for the start-up benchmark (<c>bench/Lockstep.Bench -- startup</c>): with
/// <c>LOCKSTEP_TIMINGS</c> set to the time the benchmark launched the process (Unix time in microseconds), the tool
/// prints one line on stderr: time before Main, the command line, the check (front end, search, traces) and the
/// report, and how many methods the JIT compiled. Unset (every user's run), it costs one environment read.
/// </summary>
internal static class StartupClock
{
    private static readonly long? LaunchedAtMicroseconds =
        long.TryParse(Environment.GetEnvironmentVariable("LOCKSTEP_TIMINGS"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;

    private static long _mainTicks, _checkStartTicks, _checkEndTicks;
    private static double _beforeMainMs;

    public static bool Enabled => LaunchedAtMicroseconds is not null;

    public static void MainEntered()
    {
        if (LaunchedAtMicroseconds is not { } launched) return;
        _mainTicks = Stopwatch.GetTimestamp();
        _beforeMainMs = ((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10.0 - launched) / 1000.0;
    }

    public static void CheckStarted()
    {
        if (Enabled) _checkStartTicks = Stopwatch.GetTimestamp();
    }

    public static void CheckEnded()
    {
        if (Enabled) _checkEndTicks = Stopwatch.GetTimestamp();
    }

    /// <summary>Prints the line; <paramref name="searchSeconds"/> is the search's own time, part of the check.</summary>
    public static void Report(TextWriter error, double searchSeconds)
    {
        if (!Enabled || _checkEndTicks == 0) return;
        var end = Stopwatch.GetTimestamp();
        double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
        var check = Ms(_checkStartTicks, _checkEndTicks);
        var search = searchSeconds * 1000;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timings: before-main {_beforeMainMs:F1} ms, command-line {Ms(_mainTicks, _checkStartTicks):F1} ms, front-end+traces {check - search:F1} ms, search {search:F1} ms, report {Ms(_checkEndTicks, end):F1} ms, jit {System.Runtime.JitInfo.GetCompiledMethodCount()} methods {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F1} ms"));
    }
}
