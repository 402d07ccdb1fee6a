using Lockstep.Exploration;
using Lockstep.Kernel;
using Lockstep.Machine.Execution;

namespace Lockstep.Checker;

/// <summary>
/// What <see cref="CheckOptions.ExternalSearch"/> is asked to explore: the loaded program with its primitives (whose
/// lockdep graph the result's lock graph is read from), the transition system the one-process search would run, the
/// coverage to fill (null when not collected) and the search options.
/// </summary>
public sealed record SearchRequest(
    LoadedProgram Program,
    KernelPrimitives Primitives,
    MachineTransitionSystem System,
    Coverage? Coverage,
    SearchOptions Options);
