namespace Lockstep.Kernel.Tests.Lockdep;

/// <summary>The kernel's lockdep self-test matrix, one xunit case per dotest().</summary>
public sealed class LockdepSelftestTests
{
    public static IEnumerable<object[]> DeadlockCases => SelftestCatalog.NamesOf(SelftestCatalog.Deadlocks);
    public static IEnumerable<object[]> UnlockInitCases => SelftestCatalog.NamesOf(SelftestCatalog.UnlockInit);
    public static IEnumerable<object[]> RecursiveReadCases => SelftestCatalog.NamesOf(SelftestCatalog.RecursiveRead);
    public static IEnumerable<object[]> RecursiveReadCycleCases => SelftestCatalog.NamesOf(SelftestCatalog.RecursiveReadCycles);
    public static IEnumerable<object[]> IrqCases => SelftestCatalog.NamesOf(SelftestCatalog.IrqSafety);
    public static IEnumerable<object[]> QueuedReadLockCases => SelftestCatalog.NamesOf(SelftestCatalog.QueuedReadLock);
    public static IEnumerable<object[]> WaitContextCases => SelftestCatalog.NamesOf(SelftestCatalog.WaitContext);
    public static IEnumerable<object[]> SpecialCases => SelftestCatalog.NamesOf(SelftestCatalog.Special);

    [Theory, MemberData(nameof(DeadlockCases))]
    public void Deadlock(string name) => Check(name);

    [Theory, MemberData(nameof(UnlockInitCases))]
    public void UnlockAndInit(string name) => Check(name);

    [Theory, MemberData(nameof(RecursiveReadCases))]
    public void RecursiveRead(string name) => Check(name);

    [Theory, MemberData(nameof(RecursiveReadCycleCases))]
    public void RecursiveReadCycle(string name) => Check(name);

    [Theory, MemberData(nameof(IrqCases))]
    public void IrqContext(string name) => Check(name);

    [Theory, MemberData(nameof(QueuedReadLockCases))]
    public void QueuedReadLock(string name) => Check(name);

    [Theory, MemberData(nameof(WaitContextCases))]
    public void WaitContext(string name) => Check(name);

    [Theory, MemberData(nameof(SpecialCases))]
    public void Special(string name) => Check(name);

    private static void Check(string name)
    {
        var testCase = SelftestCatalog.Find(name);
        var report = testCase.Run();
        if (testCase.ExpectedKind is { } kind)
        {
            Assert.True(report is not null, $"{name}: expected FAILURE ({kind}), got SUCCESS");
            Assert.Equal(kind, report!.Kind);
        }
        else
        {
            Assert.True(report is null, $"{name}: expected SUCCESS, got {report?.Title}");
        }
    }
}
