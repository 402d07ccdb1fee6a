using Lockstep.Machine.Ir;

using Lockstep.Machine.Execution;

namespace Lockstep.Machine.Testing;

/// <summary>The outcome of <see cref="SingleThreadRunner.Run"/>.</summary>
public sealed class SingleThreadRun
{
    private readonly MachineExecutor _executor;

    public SingleThreadRun(MachineExecutor executor, long returnValue, string? error, MachineBug? bug)
    {
        _executor = executor;
        ReturnValue = returnValue;
        Error = error;
        Bug = bug;
    }

    public long ReturnValue { get; }
    /// <summary>Null when the function returned normally; otherwise the bug's title or why it could not run.</summary>
    public string? Error { get; }
    public MachineBug? Bug { get; }

    /// <summary>The final value of a global's cell.</summary>
    public long ReadGlobal(string name, int cell = 0)
    {
        var index = _executor.Program.Program.FindGlobal(name);
        if (index < 0) throw new ArgumentException($"no global named '{name}'", nameof(name));
        return _executor.State.Memory.Cells(index + 1)[cell];
    }
}

/// <summary>
/// Test support (linked into the Machine and Language tests): runs a program's function to completion on one thread
/// with no kernel primitives, so the tests check the values computed by each construct without a search.
/// </summary>
public static class SingleThreadRunner
{
    public static SingleThreadRun Run(IrProgram program, string function = "main")
    {
        var entry = program.FindFunction(function);
        if (entry < 0) throw new ArgumentException($"no function named '{function}'", nameof(function));
        var loaded = new LoadedProgram(program with { EntryFunction = entry }, NoPrimitives.Instance);
        var executor = new MachineExecutor(loaded);
        var bug = executor.Initialize();
        var enabled = new List<(int, int)>();
        while (bug is null)
        {
            enabled.Clear();
            executor.GetEnabled(enabled);
            if (enabled.Count == 0) break;
            bug = executor.Step(enabled[0].Item1, enabled[0].Item2);
        }
        var main = executor.State.Thread(0);
        return new SingleThreadRun(executor, main.ExitCode, bug?.Title, bug);
    }

    private sealed class NoPrimitives : IIntrinsicProvider
    {
        public static readonly NoPrimitives Instance = new();
        public int ThreadContextCells => 0;
        public bool IsIntrinsic(string name) => false;
        public IIntrinsic Resolve(string name) => throw new InvalidOperationException($"'{name}' is a kernel primitive; SingleThreadRunner runs programs without primitives");
    }
}
