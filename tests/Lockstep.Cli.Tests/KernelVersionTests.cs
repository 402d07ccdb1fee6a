using System.Text.Json;
using Lockstep.Testing;
using static Lockstep.Cli.Tests.CliRunner;

namespace Lockstep.Cli.Tests;

/// <summary>The kernel version a model follows (issue 12): v6.19 unless its lockstep-kernel line names another,
/// recorded in the text, JSON, SARIF and replay files; a malformed line is a model error.</summary>
public sealed class KernelVersionTests
{
    /// <summary>BUG_ON fires exactly when the model follows v6.5 or later.</summary>
    private static string Model(string header) => $$"""
        /*
         * A model with a version-dependent rule.
        {{header}}
         */
        #include <lockstep/kernel.h>
        int main(void)
        {
        #if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
        	BUG_ON(1);
        #endif
        	return 0;
        }
        """;

    private static (int Code, string Out, JsonElement Kernel, string Sarif, string? Replay) Check(string header)
    {
        var dir = TempDir();
        var model = Path.Combine(dir, "model.c");
        File.WriteAllText(model, Model(header));
        var (code, output, _) = Run("check", model, "--json", Path.Combine(dir, "r.json"), "--sarif", Path.Combine(dir, "r.sarif"));
        var json = File.ReadAllText(Path.Combine(dir, "r.json"));
        Schemas.AssertValidReport(json);
        var sarif = File.ReadAllText(Path.Combine(dir, "r.sarif"));
        Schemas.AssertValidSarif(sarif);
        var replayPath = Path.Combine(dir, "r.replay.json");
        var replay = File.Exists(replayPath) ? File.ReadAllText(replayPath) : null;
        if (replay is not null) Schemas.AssertValidReplay(replay);
        using var doc = JsonDocument.Parse(json);
        return (code, output, doc.RootElement.GetProperty("kernel").Clone(), sarif, replay);
    }

    [Fact]
    public void WithoutALineTheModelFollowsV619()
    {
        var (code, output, kernel, sarif, replay) = Check(" * (no version named)");
        Assert.Equal(1, code); // 6.19 >= 6.5: the BUG_ON is compiled in
        Assert.Contains("kernel: v6.19 (default)\n", output);
        Assert.Equal("v6.19", kernel.GetProperty("version").GetString());
        Assert.Equal((6 << 16) + (19 << 8), kernel.GetProperty("versionCode").GetInt32());
        Assert.Equal("default", kernel.GetProperty("source").GetString());
        Assert.Contains("\"source\": \"default\"", sarif);
        Assert.Contains("\"kernelVersion\": \"v6.19\"", replay);
    }

    [Fact]
    public void TheModelsLineNamesTheVersionTheMacrosSee()
    {
        var (code, output, kernel, sarif, _) = Check(" * lockstep-kernel: v6.1");
        Assert.Equal(0, code); // 6.1 < 6.5: no BUG_ON
        Assert.Contains("kernel: v6.1 (the model's lockstep-kernel line)\n", output);
        Assert.Equal("v6.1", kernel.GetProperty("version").GetString());
        Assert.Equal((6 << 16) + (1 << 8), kernel.GetProperty("versionCode").GetInt32());
        Assert.Equal("model", kernel.GetProperty("source").GetString());
        Assert.Contains("\"version\": \"v6.1\"", sarif);

        var (later, _, laterKernel, _, replay) = Check(" * lockstep-kernel: v6.5.3");
        Assert.Equal(1, later);
        Assert.Equal("v6.5.3", laterKernel.GetProperty("version").GetString());
        Assert.Contains("\"kernelVersion\": \"v6.5.3\"", replay);
    }

    [Fact]
    public void ADefineWinsOverTheModelsLine()
    {
        var (code, output, _) = RunText(Model(" * lockstep-kernel: v6.1"), "check", "{model}", "-D", "LINUX_VERSION_CODE=KERNEL_VERSION(6, 8, 0)");
        Assert.Equal(1, code);
        Assert.Contains("kernel: v6.8 (-D LINUX_VERSION_CODE)\n", output);
    }

    [Theory]
    [InlineData(" * lockstep-kernel: 6.1", "'6.1' is not a kernel version")]
    [InlineData(" * lockstep-kernel: v6.one", "'v6.one' is not a kernel version")]
    [InlineData(" * lockstep-kernel: v7.0", "v7.0 is newer than the newest kernel Lockstep follows (v6.19)")]
    [InlineData(" * lockstep-kernel: v6.1\n * lockstep-kernel: v6.2", "a second lockstep-kernel line")]
    public void AMalformedLineIsAModelErrorAtItsPlace(string header, string message)
    {
        var (code, output, error) = RunText(Model(header), "check", "{model}");
        Assert.Equal(2, code);
        var line = header.Contains('\n') ? 4 : 3;
        Assert.Matches($@"model\.c:{line}:21: error: (lockstep-kernel: )?{System.Text.RegularExpressions.Regex.Escape(message)}", output + error);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public void AMalformedLineIsAnErrorEvenUnderADefine()
    {
        var (code, output, error) = RunText(Model(" * lockstep-kernel: six"), "check", "{model}", "-D", "LINUX_VERSION_CODE=393472");
        Assert.Equal(2, code);
        Assert.Contains("model.c:3:21: error: lockstep-kernel: 'six' is not a kernel version", output + error);
    }

    [Fact]
    public void AnUnreadableDefineIsAnError()
    {
        var (code, output, error) = RunText(Model(""), "check", "{model}", "-D", "LINUX_VERSION_CODE=six");
        Assert.Equal(2, code);
        Assert.Contains("-D LINUX_VERSION_CODE=six: LINUX_VERSION_CODE must be a number or KERNEL_VERSION(a, b, c)", output + error);
    }
}
