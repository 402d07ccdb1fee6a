namespace Lockstep.Reports;

/// <summary>
/// A bug kind as the reports describe it (from the Kernel's catalog, filled in by the Checker): SARIF's rules take
/// their descriptions and help from it, as <c>lockstep explain</c> does.
/// </summary>
public sealed record BugKindDescription(string Name, string KernelReport, string Meaning, string Remedy, bool Predictive);
