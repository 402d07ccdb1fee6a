using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public enum OpKind
{
    Lock,
    Unlock,
    /// <summary>var = Value.</summary>
    Write,
    /// <summary>var = var + 1.</summary>
    Increment,
    /// <summary>Reads var; the step raises an "assertion" bug if var == Value.</summary>
    AssertNot,
    /// <summary>Nondeterministic: choice c writes c to var, for c in 0..Value-1.</summary>
    Choose,
    /// <summary>Reads var and copies it into var Value (a read followed by a write of another variable).</summary>
    Copy,
    /// <summary>Reads var; jumps back to pc Jump while var == Value, else falls through (makes cycles).</summary>
    LoopWhile,
    /// <summary>Waits until thread Target has finished (a join: only that thread's last step can enable it).</summary>
    Join,
}

public readonly record struct Op(OpKind Kind, int Target, int Value = 0, bool Visible = false, int Jump = 0)
{
    public static Op Lock(int lockId) => new(OpKind.Lock, lockId);
    public static Op Unlock(int lockId) => new(OpKind.Unlock, lockId);
    public static Op Write(int variable, int value) => new(OpKind.Write, variable, value);
    public static Op Increment(int variable) => new(OpKind.Increment, variable);
    public static Op AssertNot(int variable, int value) => new(OpKind.AssertNot, variable, value);
    public static Op Choose(int variable, int choices) => new(OpKind.Choose, variable, choices);
    public static Op Copy(int from, int to) => new(OpKind.Copy, from, to);
    public static Op LoopWhile(int variable, int value, int jump) => new(OpKind.LoopWhile, variable, value, Jump: jump);
    public static Op Join(int thread) => new(OpKind.Join, thread);
}

/// <summary>
/// A tiny interpreter for straight-line thread programs over byte variables and locks, with exact
/// footprints. State: [pc per thread][owner+1 per lock][variables]. An end state where a thread has
/// not finished is a deadlock.
/// </summary>
public sealed class ProgramSystem : ITransitionSystem
{
    private const long LockLocation = 1_000;
    /// <summary>A thread's exit: written by its last operation (the step that may finish it), read by a join of it.</summary>
    private const long ExitLocation = 2_000;

    public ProgramSystem(int variables, int locks, params Op[][] threads)
    {
        Variables = variables;
        Locks = locks;
        Threads = threads;
    }

    public int Variables { get; }
    public int Locks { get; }
    public Op[][] Threads { get; }

    /// <summary>When false the executor keeps the contract's defaults: no blocked-thread list, Global futures.</summary>
    public bool ReportsPorInformation { get; init; } = true;

    /// <summary>When false the executor does not say which thread a blocked join awaits (<see cref="IExecutor.AwaitedExit"/>).</summary>
    public bool ReportsAwaitedExits { get; init; } = true;

    /// <summary>What the executor answers for a fair cycle (<see cref="IExecutor.IsStuck"/>).</summary>
    public bool Stuck { get; init; } = true;

    public int StateSize => Threads.Length + Locks + Variables;

    public IExecutor CreateExecutor() => ReportsPorInformation ? new Executor(this) : new MinimalExecutor(new Executor(this));

    public override string ToString() => string.Join(" | ", Threads.Select(t => string.Join("; ", t)));

    private class Executor(ProgramSystem system) : IExecutor
    {
        private readonly byte[] _successor = new byte[system.StateSize];
        private int VarBase => system.Threads.Length + system.Locks;

        public byte[] InitialState() => new byte[system.StateSize];

        public bool IsStuck(ReadOnlySpan<byte> state, IReadOnlyList<int> looping) => system.Stuck;

        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled)
        {
            for (int t = 0; t < system.Threads.Length; t++)
            {
                if (!IsEnabled(state, t, out Op op))
                    continue;
                int choices = op.Kind == OpKind.Choose ? op.Value : 1;
                for (int c = 0; c < choices; c++)
                    enabled.Add(new Transition(t, c));
            }
        }

        private bool IsEnabled(ReadOnlySpan<byte> state, int thread, out Op op)
        {
            op = default;
            int pc = state[thread];
            if (pc >= system.Threads[thread].Length)
                return false;
            op = system.Threads[thread][pc];
            return op.Kind switch
            {
                OpKind.Lock => state[system.Threads.Length + op.Target] == 0,
                OpKind.Join => state[op.Target] >= system.Threads[op.Target].Length,
                _ => true,
            };
        }

        public StepResult Step(ReadOnlySpan<byte> state, Transition transition)
        {
            state.CopyTo(_successor);
            int t = transition.Thread;
            Op op = system.Threads[t][state[t]];
            _successor[t]++;
            IBug? bug = null;
            int lockSlot = system.Threads.Length + op.Target;
            int variable = VarBase + op.Target;
            switch (op.Kind)
            {
                case OpKind.Lock: _successor[lockSlot] = (byte)(t + 1); break;
                case OpKind.Unlock: _successor[lockSlot] = 0; break;
                case OpKind.Write: _successor[variable] = (byte)op.Value; break;
                case OpKind.Increment: _successor[variable]++; break;
                case OpKind.Choose: _successor[variable] = (byte)transition.Choice; break;
                case OpKind.Copy: _successor[VarBase + op.Value] = state[variable]; break;
                case OpKind.LoopWhile:
                    if (state[variable] == op.Value)
                        _successor[t] = (byte)op.Jump;
                    break;
                case OpKind.AssertNot:
                    if (state[variable] == op.Value)
                        bug = new ToyBug("assertion", $"thread {t} pc {state[t]}: var{op.Target} == {op.Value}");
                    break;
            }
            return new StepResult { Successor = _successor, Bug = bug };
        }

        public IBug? CheckEndState(ReadOnlySpan<byte> state)
        {
            for (int t = 0; t < system.Threads.Length; t++)
            {
                if (state[t] < system.Threads[t].Length)
                    return new ToyBug("deadlock", "deadlock");
            }
            return null;
        }

        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint)
        {
            AddAccess(transition.Thread, state[transition.Thread], footprint);
        }

        public int AwaitedExit(ReadOnlySpan<byte> state, int blockedThread)
        {
            if (!system.ReportsAwaitedExits || state[blockedThread] >= system.Threads[blockedThread].Length)
                return -1;
            Op op = system.Threads[blockedThread][state[blockedThread]];
            return op.Kind == OpKind.Join && !IsEnabled(state, blockedThread, out _) ? op.Target : -1;
        }

        public bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked)
        {
            for (int t = 0; t < system.Threads.Length; t++)
            {
                if (state[t] < system.Threads[t].Length && !IsEnabled(state, t, out _))
                    blocked.Add(t);
            }
            return true;
        }

        public void GetFutureFootprint(ReadOnlySpan<byte> state, int thread, Footprint footprint)
        {
            // A loop can go back, so from any pc the whole rest of the program and every loop body before it may run.
            Op[] program = system.Threads[thread];
            int from = state[thread];
            for (int pc = from; pc < program.Length; pc++)
            {
                if (program[pc].Kind == OpKind.LoopWhile)
                    from = Math.Min(from, program[pc].Jump);
            }
            for (int pc = from; pc < program.Length; pc++)
                AddAccess(thread, pc, footprint);
        }

        private void AddAccess(int thread, int pc, Footprint footprint)
        {
            Op op = system.Threads[thread][pc];
            if (pc == system.Threads[thread].Length - 1)
                footprint.Add(ExitLocation + thread, write: true);
            footprint.Visible |= op.Visible;
            switch (op.Kind)
            {
                case OpKind.Lock or OpKind.Unlock: footprint.Add(LockLocation + op.Target, write: true); break;
                case OpKind.AssertNot or OpKind.LoopWhile: footprint.Add(op.Target, write: false); break;
                case OpKind.Join: footprint.Add(ExitLocation + op.Target, write: false); break;
                case OpKind.Copy:
                    footprint.Add(op.Target, write: false);
                    footprint.Add(op.Value, write: true);
                    break;
                default: footprint.Add(op.Target, write: true); break;
            }
        }
    }

    /// <summary>Implements only the required members, so the defaults of the optional ones apply.</summary>
    private sealed class MinimalExecutor(IExecutor inner) : IExecutor
    {
        public byte[] InitialState() => inner.InitialState();
        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled) => inner.GetEnabled(state, enabled);
        public StepResult Step(ReadOnlySpan<byte> state, Transition transition) => inner.Step(state, transition);
        public IBug? CheckEndState(ReadOnlySpan<byte> state) => inner.CheckEndState(state);
        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint) =>
            inner.GetFootprint(state, transition, footprint);
    }
}
