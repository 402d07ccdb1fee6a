using Lockstep.Exploration;
using Lockstep.Reports;

namespace Lockstep.Checker;

/// <summary>
/// A bug whose report was already built where it was found (another process, with the lockdep graph it was found
/// against): the result takes <see cref="Report"/> as it is instead of replaying the path.
/// </summary>
public sealed class DescribedBug(BugReport report, string? misuse = null) : IBug
{
    public BugReport Report { get; } = report;
    /// <summary>Set when the "bug" is an input error of the model (<see cref="ModelChecker.MisuseDiagnostic"/>).</summary>
    public string? Misuse { get; } = misuse;
    public string Kind => Report.Kind;
    public string Title => Report.Title;
}
