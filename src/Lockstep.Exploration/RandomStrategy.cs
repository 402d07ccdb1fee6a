namespace Lockstep.Exploration;

/// <summary>Uniformly random choice among all enabled transitions, from one seeded generator for the whole run.</summary>
internal sealed class RandomStrategy(int seed) : ISchedulingStrategy
{
    private readonly Random _random = new(seed);

    public IncompleteReason NoBugReason => IncompleteReason.Sampled;

    public string? Message => null;

    public void StartSchedule(int schedule)
    {
    }

    public bool TryChoose(List<Transition> enabled, int depth, out Transition chosen)
    {
        chosen = enabled[_random.Next(enabled.Count)];
        return true;
    }

    public void EndSchedule(int length)
    {
    }
}
