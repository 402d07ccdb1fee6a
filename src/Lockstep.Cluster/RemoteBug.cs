namespace Lockstep.Cluster;

/// <summary>A bug described where it was found: its report (JSON of a BugReport), or the diagnostic when the "bug" is
/// an input error of the model.</summary>
[GenerateSerializer, Immutable]
public sealed record RemoteBug([property: Id(0)] byte[] Report, [property: Id(1)] string? Misuse);
