using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

/// <summary>
/// The depth-first search promises its executor, through <see cref="IExecutor.Focus"/>, which state the next calls are
/// about, and an executor skips comparing state bytes on that promise: every call made under a promise must pass that
/// very state.
/// </summary>
public sealed class FocusTests
{
    public static TheoryData<string> Systems() => [.. AllSystems().Select(s => s.Name)];

    /// <summary>The toys, and a spin of three steps whose fair cycle is checked at a state below the top of the stack.</summary>
    private static IEnumerable<(string Name, ITransitionSystem System)> AllSystems() =>
        Toys.All().Append(("spin", new ProgramSystem(3, 0, [Op.Write(1, 1), Op.Write(1, 0), Op.LoopWhile(0, 0, 0)], [Op.AssertNot(2, 5)])));

    [Theory]
    [MemberData(nameof(Systems))]
    public void EveryCallUnderAFocus_IsAboutTheFocusedState(string name)
    {
        foreach (bool reduce in new[] { true, false })
        {
            var checking = new CheckingSystem(AllSystems().Single(s => s.Name == name).System);
            SearchResult result = Search.Run(checking, new SearchOptions { PartialOrderReduction = reduce, StopAtFirstBug = false });

            Assert.Empty(checking.Broken);
            Assert.True(checking.Focused > 0, "the search made no call under a focus");
            Assert.True(result.Statistics.States > 0);
            if (name == "spin")
                Assert.IsType<FairCycle>(Assert.Single(result.Bugs).Bug);
        }
    }

    private sealed class CheckingSystem(ITransitionSystem inner) : ITransitionSystem
    {
        public List<string> Broken { get; } = [];
        public int Focused { get; set; }

        public IExecutor CreateExecutor() => new Executor(this, inner.CreateExecutor());

        private sealed class Executor(CheckingSystem owner, IExecutor inner) : IExecutor
        {
            private Fingerprint? _focus;

            public void Focus(Fingerprint? state) => _focus = state;

            private void Check(ReadOnlySpan<byte> state, string call)
            {
                if (_focus is not { } focus) return;
                owner.Focused++;
                if (Fingerprint.Of(state) != focus) owner.Broken.Add(call);
            }

            public byte[] InitialState() => inner.InitialState();
            public void GetEnabled(ReadOnlySpan<byte> state, List<Transition> enabled) { Check(state, "enabled"); inner.GetEnabled(state, enabled); }
            public StepResult Step(ReadOnlySpan<byte> state, Transition transition) { Check(state, "step"); return inner.Step(state, transition); }
            public IBug? CheckEndState(ReadOnlySpan<byte> state) { Check(state, "end"); return inner.CheckEndState(state); }
            public void GetFootprint(ReadOnlySpan<byte> state, Transition transition, Footprint footprint) { Check(state, "footprint"); inner.GetFootprint(state, transition, footprint); }
            public bool TryGetBlockedThreads(ReadOnlySpan<byte> state, List<int> blocked) { Check(state, "blocked"); return inner.TryGetBlockedThreads(state, blocked); }
            public void GetFutureFootprint(ReadOnlySpan<byte> state, int thread, Footprint footprint) { Check(state, "future"); inner.GetFutureFootprint(state, thread, footprint); }
            public bool IsStuck(ReadOnlySpan<byte> state, IReadOnlyList<int> looping) { Check(state, "stuck"); return inner.IsStuck(state, looping); }
        }
    }
}
