namespace Lockstep.Language.Diagnostics;

/// <summary>Thrown by <c>CompilationResult.GetProgramOrThrow()</c> when the model did not compile; the message is the rendered diagnostics.</summary>
public sealed class ModelCompilationException(IReadOnlyList<Diagnostic> diagnostics)
    : Exception(string.Join("\n", diagnostics.Select(d => d.ToString())))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
