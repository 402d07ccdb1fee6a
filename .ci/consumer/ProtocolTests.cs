using Lockstep.Testing;
using Xunit;

public sealed class ProtocolTests
{
    private static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "models", name);

    [Fact]
    public void TheLockedCounterIsVerified() => ModelAssert.Verifies(Model("counter_locked.c"));

    [Fact]
    public void AbbaIsACircularLockingBug() => ModelAssert.Finds(Model("abba_mutex.c"), "circular-locking", at: "abba_mutex.c:23");
}
