using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

/// <summary>Reference answers by plain breadth-first search over whole state vectors (strings as keys).</summary>
public sealed record BruteForceResult(int States, IReadOnlyDictionary<string, int> ShortestBugPath)
{
    public int ShortestAnyBug => ShortestBugPath.Count == 0 ? -1 : ShortestBugPath.Values.Min();
}

public static class BruteForce
{
    public static BruteForceResult Explore(ITransitionSystem system) => TryExplore(system, int.MaxValue)!;

    /// <summary>Null when the system has more than <paramref name="maxStates"/> states.</summary>
    public static BruteForceResult? TryExplore(ITransitionSystem system, int maxStates)
    {
        IExecutor executor = system.CreateExecutor();
        var distance = new Dictionary<string, int>();
        var shortest = new Dictionary<string, int>();
        var queue = new Queue<byte[]>();
        byte[] initial = executor.InitialState();
        distance[Convert.ToHexString(initial)] = 0;
        queue.Enqueue(initial);
        var enabled = new List<Transition>();
        while (queue.Count > 0)
        {
            byte[] state = queue.Dequeue();
            int d = distance[Convert.ToHexString(state)];
            enabled.Clear();
            executor.GetEnabled(state, enabled);
            if (enabled.Count == 0 && executor.CheckEndState(state) is { } endBug)
                shortest.TryAdd(endBug.Title, d);
            foreach (Transition t in enabled.ToList())
            {
                StepResult step = executor.Step(state, t);
                if (step.Bug is { } bug)
                {
                    shortest.TryAdd(bug.Title, d + 1);
                    continue;
                }
                byte[] successor = step.Successor.ToArray();
                if (distance.TryAdd(Convert.ToHexString(successor), d + 1))
                    queue.Enqueue(successor);
                if (distance.Count > maxStates)
                    return null;
            }
        }
        return new BruteForceResult(distance.Count, shortest);
    }
}
