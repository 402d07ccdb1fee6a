namespace Lockstep.Exploration;

/// <summary>
/// Probabilistic Concurrency Testing (Burckhardt et al., ASPLOS 2010). Each schedule gives every
/// thread a random priority above <c>d</c> when first seen and picks d-1 change points uniformly in
/// the expected schedule length k; the highest-priority enabled thread runs, and at the i-th change
/// point the running thread drops to priority d-1-i (below all initial ones). A bug of depth d is
/// found with probability at least 1/(n k^(d-1)) per schedule. k is the longest schedule seen so far.
/// Among a thread's choices, one is picked at random.
/// </summary>
internal sealed class PctStrategy : ISchedulingStrategy
{
    private const int InitialLengthGuess = 100;

    private readonly Random _random;
    private readonly int _depth;
    private readonly Dictionary<int, double> _priorities = [];
    private readonly int[] _changePoints;
    private int _expectedLength = InitialLengthGuess;

    public PctStrategy(int seed, int depth)
    {
        _random = new Random(seed);
        _depth = Math.Max(1, depth);
        _changePoints = new int[_depth - 1];
    }

    public IncompleteReason NoBugReason => IncompleteReason.Sampled;

    public string? Message => null;

    public void StartSchedule(int schedule)
    {
        _priorities.Clear();
        for (int i = 0; i < _changePoints.Length; i++)
            _changePoints[i] = _random.Next(_expectedLength);
    }

    public bool TryChoose(List<Transition> enabled, int depth, out Transition chosen)
    {
        int thread = HighestPriorityThread(enabled);
        for (int i = 0; i < _changePoints.Length; i++)
        {
            if (_changePoints[i] == depth)
            {
                _priorities[thread] = _depth - 1 - i - _random.NextDouble() * 0.5;
                thread = HighestPriorityThread(enabled);
            }
        }

        int choices = 0;
        foreach (Transition transition in enabled)
        {
            if (transition.Thread == thread)
                choices++;
        }
        int pick = _random.Next(choices);
        foreach (Transition transition in enabled)
        {
            if (transition.Thread == thread && pick-- == 0)
            {
                chosen = transition;
                return true;
            }
        }
        throw new InvalidOperationException("unreachable: the chosen thread has an enabled transition");
    }

    public void EndSchedule(int length) => _expectedLength = Math.Max(_expectedLength, length);

    private int HighestPriorityThread(List<Transition> enabled)
    {
        int best = enabled[0].Thread;
        double bestPriority = double.MinValue;
        foreach (Transition transition in enabled)
        {
            if (!_priorities.TryGetValue(transition.Thread, out double priority))
            {
                priority = _depth + _random.NextDouble();
                _priorities[transition.Thread] = priority;
            }
            if (priority > bestPriority)
            {
                best = transition.Thread;
                bestPriority = priority;
            }
        }
        return best;
    }
}
