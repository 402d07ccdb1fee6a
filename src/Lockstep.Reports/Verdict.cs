namespace Lockstep.Reports;

/// <summary>The verdicts of a check; the exit code of <c>lockstep check</c> is <see cref="VerdictExitCodes"/>.</summary>
public enum Verdict
{
    /// <summary>The state space was exhausted and nothing went wrong (within the model).</summary>
    Ok,
    Bug,
    /// <summary>A bound stopped the search before the space was covered.</summary>
    Incomplete,
    /// <summary>The model or the options are wrong (diagnostics say why).</summary>
    Error,
}

public static class VerdictExitCodes
{
    public static int For(Verdict verdict) => verdict switch
    {
        Verdict.Ok => 0,
        Verdict.Bug => 1,
        Verdict.Error => 2,
        Verdict.Incomplete => 3,
        _ => 2,
    };

    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Ok => "ok",
        Verdict.Bug => "bug",
        Verdict.Incomplete => "incomplete",
        _ => "error",
    };
}
