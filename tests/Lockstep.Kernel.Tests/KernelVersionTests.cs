namespace Lockstep.Kernel.Tests;

/// <summary>What a lockstep-kernel line may say, and the LINUX_VERSION_CODE it gives the headers.</summary>
public sealed class KernelVersionTests
{
    [Theory]
    [InlineData("v6.19", 6, 19, 0, 0x061300)]
    [InlineData("v6.1", 6, 1, 0, 0x060100)]
    [InlineData("v6.1.55", 6, 1, 55, 0x060137)]
    [InlineData("v2.6", 2, 6, 0, 0x020600)]
    [InlineData("v6.19.4", 6, 19, 4, 0x061304)]
    public void AVersionParsesToItsCode(string text, int major, int minor, int patch, int code)
    {
        var v = KernelVersion.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal(new KernelVersion(major, minor, patch), v);
        Assert.Equal(code, v!.Value.Code);
        Assert.Equal(text, v.Value.ToString());
        Assert.Equal($"LINUX_VERSION_CODE={code}", v.Value.Define);
        Assert.Equal(v, KernelVersion.FromCode(code));
    }

    [Theory]
    [InlineData("6.1", "is not a kernel version")]
    [InlineData("v6", "is not a kernel version")]
    [InlineData("v6.1-rc3", "is not a kernel version")]
    [InlineData("Linux v6.1", "is not a kernel version")]
    [InlineData("v6.256", "at most 255")]
    [InlineData("v1.2", "at least 2")]
    [InlineData("v6.20", "newer than the newest kernel Lockstep follows (v6.19)")]
    [InlineData("v7.0", "newer than the newest kernel Lockstep follows (v6.19)")]
    public void AnythingElseIsRefusedWithTheReason(string text, string reason)
    {
        Assert.Null(KernelVersion.Parse(text, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TheDefaultIsV619() => Assert.Equal("v6.19", KernelVersion.Default.ToString());
}
