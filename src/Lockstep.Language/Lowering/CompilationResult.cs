using Lockstep.Language.Diagnostics;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Lowering;

/// <summary>The outcome of a compilation: the IR program when there is no error, and every diagnostic (warnings too).</summary>
public sealed record CompilationResult(IrProgram? Program, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Program is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>The diagnostics rendered like gcc/clang, one after the other.</summary>
    public string FormatDiagnostics() => string.Join("\n", Diagnostics.Select(d => d.ToString()));

    public IrProgram GetProgramOrThrow() => Program ?? throw new ModelCompilationException(Diagnostics);
}
