namespace Lockstep.Language.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
