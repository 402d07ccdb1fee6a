using System.Text.Json;
using static Lockstep.Cli.Tests.CliRunner;

namespace Lockstep.Cli.Tests;

/// <summary>Bad input is exit 2 with the option or file:line:col named, never a silent default or "internal error".</summary>
public sealed class InputValidationTests
{
    private static string Model(string body)
    {
        var path = Path.Combine(TempDir(), "model.c");
        File.WriteAllText(path, "#include <lockstep/kernel.h>\n\nint main(void)\n{\n" + body + "\treturn 0;\n}\n");
        return path;
    }

    [Fact]
    public void AnUnknownConfigIsRefusedWithTheKnownOnesAndAGuess()
    {
        var (code, output, err) = Run("check", Example("counter_locked.c"), "--config", "PREEMPT_RTT");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--config: unknown config 'PREEMPT_RTT' (did you mean PREEMPT_RT?)", err);
        Assert.Contains("PROVE_RAW_LOCK_NESTING", err);
    }

    [Fact]
    public void AKnownConfigWithItsPrefixIsAccepted() =>
        Assert.Equal(0, Run("check", Example("counter_locked.c"), "--config", "CONFIG_PREEMPT_RT").Code);

    [Fact]
    public void MatrixRefusesAnUnknownConfigInACombination()
    {
        var (code, _, err) = Run("matrix", Example("counter_locked.c"), "--variants", "BASE", "--config", "PREEMPT_RT,NO_LOCKDEPP");
        Assert.Equal(2, code);
        Assert.Contains("did you mean NO_LOCKDEP?", err);
    }

    [Fact]
    public void AnIntegerLiteralTooLargeForAnyTypeIsAnErrorAtItsPlace()
    {
        var (code, _, err) = Run("check", Model("\tunsigned long x = 18446744073709551617;\n\t(void)x;\n"));
        Assert.Equal(2, code);
        Assert.Contains("model.c:5:20: error: integer literal '18446744073709551617' is too large", err);
    }

    [Fact]
    public void TheLargestUnsignedLongLiteralIsAccepted() =>
        Assert.Equal(0, Run("check", Model("\tunsigned long x = 18446744073709551615UL;\n\tassert(x + 1 == 0);\n")).Code);

    [Fact]
    public void NondetMisuseIsAnInputErrorNotABug()
    {
        var (code, output, err) = Run("check", Model("\tint x = nondet_int(5, 1);\n\t(void)x;\n"));
        Assert.Equal(2, code);
        Assert.DoesNotContain("verdict: bug", output);
        Assert.Contains("model.c:5:10: error: nondet_int(5, 1): empty range", err);
        Assert.Contains("verdict: error", err);
    }

    [Theory]
    [InlineData("--timeout", "1e308")]
    [InlineData("--timeout", "NaN")]
    [InlineData("--timeout", "0")]
    [InlineData("--max-memory", "99999999999999")]
    [InlineData("--max-memory", "999999999999999999999")]
    [InlineData("--max-states", "-1")]
    [InlineData("--max-depth", "0")]
    [InlineData("--workers", "100000")]
    [InlineData("--schedules", "0")]
    [InlineData("--timeout", "abc")]
    [InlineData("--workers", "two")]
    public void OutOfRangeOptionValuesAreUsageErrorsNamingTheOption(string option, string value)
    {
        var (code, output, err) = Run("check", Example("counter_locked.c"), option, value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(option, err);
        Assert.DoesNotContain("internal error", err);
    }

    [Fact]
    public void AValueThatDoesNotParseSaysWhatTheOptionTakes()
    {
        var (code, _, err) = Run("check", Example("counter_locked.c"), "--max-memory", "999999999999999999999");
        Assert.Equal(2, code);
        Assert.Contains("--max-memory must be a whole number between 1 and", err);
        Assert.DoesNotContain("System.", err);
    }

    [Fact]
    public void MatrixBoundsEachCellPrintsProgressAndWritesJson()
    {
        var json = Path.Combine(TempDir(), "matrix.json");
        var (code, output, err) = Run("matrix", Example("counter_racy.c"), "--variants", "BASE", "--config", "PREEMPT_RT", "--json", json);
        Assert.Equal(0, code);
        Assert.Contains("| BASE | PREEMPT_RT | bug | assertion", output);
        Assert.Contains("matrix: [1/2] BASE × default ... bug", err);
        Assert.Contains("matrix: [2/2] BASE × PREEMPT_RT ... bug", err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var cells = doc.RootElement.GetProperty("cells");
        Assert.Equal(2, cells.GetArrayLength());
        Assert.Equal("bug", cells[1].GetProperty("verdict").GetString());
    }

    [Fact]
    public void MatrixWithSeveralJobsPrintsTheSameTableInTheSameOrder()
    {
        string[] args = ["matrix", Example("kref_rcu_lookup.c"), "--variants", "BASE,EARLY_PUT", "--config", "PREEMPT_RT"];
        var (code1, table1, _) = Run(args);
        var json = Path.Combine(TempDir(), "matrix.json");
        var (code3, table3, err3) = Run([.. args, "--jobs", "3", "--json", json]);

        Assert.Equal(0, code1);
        Assert.Equal(0, code3);
        // The seconds column differs from run to run; verdicts, bugs, places and states do not.
        static string[] WithoutSeconds(string table) =>
            [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(row => row[..row.TrimEnd('|', ' ').LastIndexOf('|')])];
        Assert.Equal(WithoutSeconds(table1), WithoutSeconds(table3));
        Assert.Equal(6, table3.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header, rule and 4 cells
        Assert.Contains("| BASE | default | ok |", table3);
        Assert.Contains("| EARLY_PUT | default | bug | use-after-free", table3);
        for (var i = 1; i <= 4; i++) Assert.Contains($"matrix: [{i}/4] ", err3);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var cells = doc.RootElement.GetProperty("cells");
        Assert.Equal(["BASE", "BASE", "EARLY_PUT", "EARLY_PUT"], cells.EnumerateArray().Select(c => c.GetProperty("variant").GetString()));
    }

    [Fact]
    public void MatrixJobsMustBeAtLeastOne()
    {
        var (code, _, err) = Run("matrix", Example("counter_locked.c"), "--variants", "BASE", "--jobs", "0");
        Assert.Equal(2, code);
        Assert.Contains("--jobs must be between 1 and 1024 (got 0)", err);
    }

    [Fact]
    public void MatrixCellBoundsCanBeSetAndStopACell()
    {
        var (code, output, _) = Run("matrix", Example("scalable_counters.c"), "--variants", "BASE", "-D", "NTHREADS=8", "--no-por", "--max-states", "1000");
        Assert.Equal(0, code);
        Assert.Contains("| BASE | default | incomplete |", output);
    }

    [Fact]
    public void MatrixHelpStatesTheDefaultCellBounds()
    {
        var (code, output, _) = Run("matrix", "--help");
        Assert.Equal(0, code);
        Assert.Contains("default 60 s, 1,000,000 states", output);
    }
}
