using Lockstep.Kernel.Bugs;
using Lockstep.Kernel.Lockdep;
using Lockstep.Kernel.Splats;

namespace Lockstep.Kernel.Tests.Lockdep;

/// <summary>One dotest() of lib/locking-selftest.c: the body, and SUCCESS (no report) or FAILURE (a report of
/// <paramref name="ExpectedKind"/>).</summary>
public sealed record SelftestCase(
    string Group,
    string Name,
    BugKind? ExpectedKind,
    Action<LockdepSelftest> Body,
    LockdepConfig? Config = null,
    bool ForceReadLockRecursive = true)
{
    public bool ExpectFailure => ExpectedKind is not null;

    public LockdepReport? Run()
    {
        var test = new LockdepSelftest(Config, ForceReadLockRecursive);
        Body(test);
        return test.Report;
    }
}
