using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

/// <summary>
/// Thread 0 spins forever (x = (x + 1) mod 3); thread 1 has one step, which is a bug. Both are
/// independent, so a persistent set {thread 0} is valid in every state: without the cycle proviso
/// the search would go round the cycle and never run thread 1 (the "ignoring problem").
/// State: [x, thread 1 done].
/// </summary>
public sealed class CyclicSystem : ITransitionSystem
{
    public IExecutor CreateExecutor() => new Executor();

    private sealed class Executor : IExecutor
    {
        private readonly byte[] _successor = new byte[2];

        public byte[] InitialState() => new byte[2];

        public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled)
        {
            enabled.Add(new Transition(0, 0));
            if (state[1] == 0)
                enabled.Add(new Transition(1, 0));
        }

        public StepResult Step(ReadOnlySpan<byte> state, Transition transition)
        {
            state.CopyTo(_successor);
            if (transition.Thread == 0)
            {
                _successor[0] = (byte)((state[0] + 1) % 3);
                return new StepResult { Successor = _successor };
            }
            _successor[1] = 1;
            return new StepResult { Successor = _successor, Bug = new ToyBug("assertion", "thread 1 ran") };
        }

        public IBug? CheckEndState(ReadOnlySpan<byte> state) => null;

        public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint) =>
            footprint.Add(transition.Thread, write: true);

        public bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked) => true;

        public void GetFutureFootprint(ReadOnlySpan<byte> state, int thread, Footprint footprint) =>
            footprint.Add(thread, write: true);
    }
}
