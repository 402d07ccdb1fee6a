using Lockstep.Exploration;
using Lockstep.Machine.Execution;

namespace Lockstep.Checker;

/// <summary>
/// Adapts the Machine to the search: the Exploration layer sees byte states and (thread, choice) transitions, and
/// never the C model or the kernel behind them.
/// </summary>
public sealed class MachineTransitionSystem(LoadedProgram program) : ITransitionSystem
{
    public LoadedProgram Program { get; } = program;

    public IExecutor CreateExecutor() => new Stepper(new MachineExecutor(Program));

    /// <summary>One worker's executor: decodes a state, runs one step, encodes the successor.</summary>
    private sealed class Stepper(MachineExecutor machine) : IExecutor
    {
        private readonly List<(int Thread, int Choice)> _enabled = [];
        private readonly FootprintSink _sink = new();
        private readonly bool _hasInvariants = machine.Program.Program.Invariants.Count > 0;

        public byte[] InitialState()
        {
            // A bug in main's local prefix is found by ModelChecker before the search starts.
            machine.Initialize();
            return machine.Encode().ToArray();
        }

        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled)
        {
            machine.Load(state);
            _enabled.Clear();
            machine.GetEnabled(_enabled);
            foreach (var (t, c) in _enabled) enabled.Add(new Transition(t, c));
        }

        public StepResult Step(ReadOnlySpan<byte> state, Transition transition)
        {
            machine.Load(state);
            var bug = machine.Step(transition.Thread, transition.Choice) ?? machine.CheckInvariants(transition.Thread);
            return new StepResult { Successor = machine.Encode(), Bug = bug is null ? null : new ModelBug(bug) };
        }

        public IBug? CheckEndState(ReadOnlySpan<byte> state)
        {
            machine.Load(state);
            var bug = machine.CheckEndState();
            return bug is null ? null : new ModelBug(bug);
        }

        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint)
        {
            machine.Load(state);
            _sink.Target = footprint;
            machine.GetFootprint(transition.Thread, transition.Choice, _sink);
            // A step that writes may change what an invariant reads: it must never be reduced away.
            if (_hasInvariants && (_sink.Wrote || footprint.Global)) footprint.Visible = true;
        }

        public bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked)
        {
            machine.Load(state);
            _enabled.Clear();
            machine.GetEnabled(_enabled);
            for (var t = 0; t < machine.State.ThreadCount; t++)
            {
                if (machine.State.Thread(t).Status == ThreadStatus.Finished) continue;
                var any = false;
                foreach (var e in _enabled) if (e.Thread == t) { any = true; break; }
                if (!any) blocked.Add(t);
            }
            return true;
        }

    }

    private sealed class FootprintSink : IFootprintSink
    {
        private Footprint _target = new();

        public Footprint Target
        {
            get => _target;
            set { _target = value; Wrote = false; }
        }
        public bool Wrote { get; private set; }

        public void Add(long location, bool write)
        {
            Target.Add(location, write);
            Wrote |= write;
        }

        public void MarkGlobal() => Target.Global = true;
    }
}

/// <summary>A Machine bug as the search carries it.</summary>
public sealed class ModelBug(MachineBug bug) : IBug
{
    public MachineBug Bug { get; } = bug;
    public string Kind => Bug.Kind;
    public string Title => Bug.Title;
}
