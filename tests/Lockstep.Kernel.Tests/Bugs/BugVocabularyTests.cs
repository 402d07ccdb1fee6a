using System.Text.RegularExpressions;
using Lockstep.Kernel.Bugs;
using Lockstep.Machine.Execution;
using Lockstep.Machine.Ir;
using Lockstep.Testing;

namespace Lockstep.Kernel.Tests.Bugs;

/// <summary>The bug kinds are one vocabulary: defined once, named once, and every Machine fault renders into it.</summary>
public sealed partial class BugVocabularyTests
{
    [Fact]
    public void EveryKindHasExactlyOneDefinitionWithAUniqueName()
    {
        foreach (var kind in Enum.GetValues<BugKind>())
            Assert.Single(BugKindCatalog.All, info => info.Kind == kind);
        var names = BugKindCatalog.All.Select(i => i.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.Matches("^[a-z]+(-[a-z]+)*$", n));
        Assert.Equal(BugKind.UseAfterFree, BugKindCatalog.Find("USE-AFTER-FREE")!.Kind);
        Assert.Null(BugKindCatalog.Find("lockdep-dependency"));
    }

    [Fact]
    public void OnlyPredictiveLockdepReportsArePredictive()
    {
        var predictive = BugKindCatalog.All.Where(i => i.Predictive).Select(i => i.Kind).Order().ToArray();
        Assert.Equal([BugKind.CircularLocking, BugKind.IrqInversion], predictive);
    }

    /// <summary>A kind's name appears as a string literal in exactly one source file: the catalog.</summary>
    [Fact]
    public void KindNamesAreSpelledOnlyInTheCatalog()
    {
        var sources = Directory.GetFiles(RepositoryPaths.Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: f, Text: File.ReadAllText(f)))
            .ToList();
        Assert.NotEmpty(sources);
        foreach (var info in BugKindCatalog.All)
        {
            var literal = $"\"{info.Name}\"";
            var spelledIn = sources.Where(s => s.Text.Contains(literal, StringComparison.Ordinal)).Select(s => Path.GetFileName(s.File)).ToList();
            Assert.Equal(["BugKindCatalog.cs"], spelledIn);
        }
    }

    /// <summary>The Machine's faults carry no kernel text; the Kernel renders each into a kind of the vocabulary.</summary>
    [Theory]
    [InlineData(FaultKind.BadAccess, AccessFault.Freed, BugKind.UseAfterFree, "BUG: KASAN: slab-use-after-free in f")]
    [InlineData(FaultKind.BadAccess, AccessFault.OutOfBounds, BugKind.OutOfBounds, "BUG: KASAN: slab-out-of-bounds in f")]
    [InlineData(FaultKind.BadAccess, AccessFault.Null, BugKind.NullDereference, "BUG: kernel NULL pointer dereference")]
    [InlineData(FaultKind.BadFree, AccessFault.Freed, BugKind.DoubleFree, "BUG: KASAN: double-free in f")]
    [InlineData(FaultKind.BadFree, AccessFault.Wild, BugKind.InvalidFree, "BUG: KASAN: invalid-free in f")]
    [InlineData(FaultKind.BadCall, AccessFault.None, BugKind.NullDereference, "BUG: kernel NULL pointer dereference, address: 0000000000000000 (call through")]
    [InlineData(FaultKind.Trap, AccessFault.None, BugKind.BugOn, "kernel BUG at m.c:3")]
    [InlineData(FaultKind.DivideByZero, AccessFault.None, BugKind.BugOn, "divide error")]
    [InlineData(FaultKind.StackOverflow, AccessFault.None, BugKind.BugOn, "BUG: TASK stack guard page was hit")]
    [InlineData(FaultKind.Livelock, AccessFault.None, BugKind.Livelock, "t runs")]
    [InlineData(FaultKind.InvariantViolated, AccessFault.None, BugKind.Invariant, "invariant 'x' violated")]
    [InlineData(FaultKind.InvariantImpure, AccessFault.None, BugKind.Invariant, "an invariant may only read memory")]
    public void EveryFaultRendersAsAKernelReport(FaultKind fault, AccessFault access, BugKind kind, string titleStart)
    {
        var site = new SourceSite("m.c", 3, 1, "f", "x = *p;");
        var bug = FaultReports.Render(new MachineFault(fault, 1, "t", 0)
        {
            Location = site, Access = access, Message = "x", Backtrace = ["main (m.c:9)", "f (m.c:3)"],
        });
        Assert.Equal(kind, KernelBugs.KindOf(bug));
        Assert.StartsWith(titleStart, bug.Title, StringComparison.Ordinal);
        Assert.False(bug.Title.StartsWith(kind.Name() + ":", StringComparison.Ordinal), "a title does not repeat its kind");
        Assert.Equal(1, bug.Thread);
    }

    /// <summary>KASAN's use-after-free report names the allocating and the freeing task, with the free's stack
    /// (mm/kasan/report.c, print_track()), and where the address lies in the object.</summary>
    [Fact]
    public void AUseAfterFreeShowsWhoAllocatedAndWhoFreed()
    {
        var bug = FaultReports.Render(new MachineFault(FaultKind.BadAccess, 1, "reader", 0)
        {
            Location = new SourceSite("m.c", 7, 2, "reader", "x = it->v;"), Access = AccessFault.Freed,
            Address = Pointer.Make(5, 1), Backtrace = ["reader (m.c:7)"],
            AllocationSite = new SourceSite("m.c", 12, 2, "main", ""), AllocatedBy = 0,
            FreedBy = 0, FreeBacktrace = ["main (m.c:14)", "put_item (m.c:3)"], ObjectCells = 2,
        });
        Assert.Equal(BugKind.UseAfterFree, KernelBugs.KindOf(bug));
        var report = bug.Report;
        Assert.Contains("Allocated by task 1000:\n main (m.c:12)\n", report);
        Assert.Contains("Freed by task 1000:\n put_item (m.c:3)\n main (m.c:14)\n", report);
        Assert.Contains("The buggy address is located 8 bytes inside of\n freed 16-byte region", report);
        Assert.True(report.IndexOf("Call Trace", StringComparison.Ordinal) < report.IndexOf("Freed by", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAccessPastTheEndIsOutOfBoundsToTheRightOfTheObject()
    {
        var bug = FaultReports.Render(new MachineFault(FaultKind.BadAccess, 0, "main", 0)
        {
            Location = new SourceSite("m.c", 7, 2, "main", ""), Access = AccessFault.OutOfBounds,
            Address = Pointer.Make(5, 3), ObjectCells = 2, AllocationSite = new SourceSite("m.c", 5, 2, "main", ""), AllocatedBy = 0,
        });
        Assert.Equal(BugKind.OutOfBounds, KernelBugs.KindOf(bug));
        Assert.Contains("located 8 bytes to the right of\n allocated 16-byte region", bug.Report);
        Assert.DoesNotContain("Freed by", bug.Report);
    }

    [Fact]
    public void ADeadlockIsTheHungTaskReportOfEveryBlockedThread()
    {
        var bug = FaultReports.Render(new MachineFault(FaultKind.Deadlock, 1, "waiter", 0)
        {
            Blocked =
            [
                new BlockedThread(1, "waiter", "wait_for_completion(&done)", new SourceSite("m.c", 7, 2, "waiter", ""), ["waiter (m.c:7)"]),
                new BlockedThread(0, "main", "kthread_stop()", new SourceSite("m.c", 12, 2, "main", ""), ["main (m.c:12)"]),
            ],
        });
        Assert.Equal(BugKind.Deadlock, KernelBugs.KindOf(bug));
        Assert.Equal("2 threads blocked forever (waiter on wait_for_completion(&done), main on kthread_stop())", bug.Title);
        Assert.Equal(2, HungTask().Matches(bug.Report).Count);
        Assert.Contains("INFO: task waiter:1001 blocked for more than 120 seconds.", bug.Report);
    }

    [GeneratedRegex("^INFO: task .*blocked for more than 120 seconds\\.$", RegexOptions.Multiline)]
    private static partial Regex HungTask();
}
