using Lockstep.Checker;
using Lockstep.Reports;

namespace Lockstep.Models.Tests;

/// <summary>The kernel version a model names (lockstep-kernel:) reaches its preprocessor, the check's result and the
/// release its kernel reports print.</summary>
public sealed class KernelVersionModelTests
{
    private static CheckResult Check(string versionLine) => ModelChecker.CheckText($$"""
        /*
        {{versionLine}}
         */
        #include <lockstep/kernel.h>
        static DEFINE_MUTEX(m);
        int main(void)
        {
        #if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
        	mutex_lock(&m);
        #endif
        	mutex_lock(&m);
        	mutex_unlock(&m);
        	return 0;
        }
        """);

    [Fact]
    public void ANamedVersionSelectsTheModelsCodeAndThePrintedRelease()
    {
        var old = Check(" * lockstep-kernel: v6.1");
        Assert.Equal(new KernelTarget("v6.1", 0x060100, "model"), old.Kernel);
        var bug = old.FirstBug!;
        Assert.Equal("recursive-locking", bug.Kind);
        Assert.Contains("\n6.1.0-lockstep #1 Not tainted\n", bug.Report);
        Assert.Contains("Comm: main Not tainted 6.1.0-lockstep #1\n", bug.Report);

        var current = Check(" * (no version named)");
        Assert.Equal(new KernelTarget("v6.19", 0x061300, "default"), current.Kernel);
        Assert.Equal(Verdict.Ok, current.Verdict);
    }

    [Fact]
    public void AMalformedVersionIsADiagnosticAtItsPlace()
    {
        var result = Check(" * lockstep-kernel: v6");
        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Null(result.Kernel);
        Assert.StartsWith("model.c:2:21: error: lockstep-kernel: 'v6' is not a kernel version", result.Diagnostics[0]);
    }
}
