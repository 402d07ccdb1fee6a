using System.Globalization;
using System.Runtime.CompilerServices;
using Lockstep.Exploration;
using Spectre.Console;

namespace Lockstep.Cli;

/// <summary>
/// A live status line on the terminal while a search runs (states, transitions, depth, rate, elapsed), drawn on
/// stderr with Spectre.Console, and only when stderr is a terminal — never in pipes, CI logs or tests.
/// </summary>
internal static class ProgressDisplay
{
    public static T Run<T>(string what, Func<Action<SearchProgress>?, T> work)
    {
        if (Console.IsErrorRedirected || Environment.GetEnvironmentVariable("CI") is not null)
            return work(null);
        return Live(what, work);
    }

    // Spectre.Console is loaded only here, when there is a terminal to draw on (docs/performance.md, "Start-up").
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Live<T>(string what, Func<Action<SearchProgress>?, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Status().Spinner(Spinner.Known.Dots).Start($"checking {Markup.Escape(what)}", ctx =>
        {
            result = work(p =>
            {
                var rate = p.Elapsed.TotalSeconds > 0 ? p.States / p.Elapsed.TotalSeconds : 0;
                ctx.Status(string.Create(CultureInfo.InvariantCulture,
                    $"checking {Markup.Escape(what)}: {p.States:N0} states, {p.Transitions:N0} transitions, depth {p.Depth}, {rate:N0} states/s, {p.Elapsed:hh\\:mm\\:ss}"));
            });
        });
        return result;
    }
}
