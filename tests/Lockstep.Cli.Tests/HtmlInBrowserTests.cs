using System.Diagnostics;
using System.Text.RegularExpressions;
using Lockstep.Cli;
using Lockstep.Testing;

namespace Lockstep.Cli.Tests;

/// <summary>
/// The HTML report as a browser reads it: headless Chromium (the Debian package <c>chromium</c>; <c>.ci/run</c>
/// installs it) loads the page <c>lockstep check --html</c> wrote and the assertions are on the DOM it builds.
/// </summary>
[Collection(WorkingDirectory.Collection)]
public sealed partial class HtmlInBrowserTests
{
    private static string Chromium()
    {
        foreach (var name in new[] { "chromium", "chromium-browser" })
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        Assert.Fail("headless Chromium is needed to test the HTML report: apt-get install chromium (.ci/run does)");
        return "";
    }

    /// <summary>The DOM Chromium builds from the page, serialised.</summary>
    private static string Dom(string html)
    {
        var start = new ProcessStartInfo(Chromium())
        {
            ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", new Uri(html).AbsoluteUri },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var browser = Process.Start(start)!;
        var stderr = browser.StandardError.ReadToEndAsync();
        var dom = browser.StandardOutput.ReadToEnd();
        Assert.True(browser.WaitForExit(60_000), "chromium did not finish in a minute");
        Assert.True(dom.Length > 0, $"chromium printed no DOM: {stderr.Result}");
        return dom;
    }

    [GeneratedRegex("<tr class=\"last\">")]
    private static partial Regex LastRow();

    [GeneratedRegex("href=\"#([^\"]+)\"")]
    private static partial Regex StepLink();

    [Fact]
    public void ACircularReportShowsBothInterleavingsTheLocksHeldAndLinksEveryStepToItsLine()
    {
        var dir = Directory.CreateTempSubdirectory("lockstep-html");
        var html = Path.Combine(dir.FullName, "abba.html");
        var code = LockstepCommand.Run(["check", RepositoryPaths.Example("abba_mutex.c"), "--html", html,
            "--trace-out", Path.Combine(dir.FullName, "abba.replay.json")], new StringWriter(), new StringWriter());
        Assert.Equal(1, code);

        var dom = Dom(html);
        // Both halves of the predicted deadlock, side by side, each a table whose last row is the step that matters.
        Assert.Contains("<div class=\"pair\">", dom);
        Assert.Contains("the interleaving that records the dependency", dom);
        Assert.Contains("the interleaving that closes the cycle", dom);
        Assert.Equal(2, LastRow().Matches(dom).Count);
        // Held locks per thread after each step: the inversion shows a thread holding lock_a and one holding lock_b.
        Assert.Contains("<span class=\"held\">lock_a</span>", dom);
        Assert.Contains("<span class=\"held\">lock_b</span>", dom);
        // Every step's file:line is a link to an element of the page: the line in the embedded source.
        var links = StepLink().Matches(dom).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, id => Assert.Contains($"id=\"{id}\"", dom));
        Assert.Contains("<pre class=\"src\">", dom);
    }
}
