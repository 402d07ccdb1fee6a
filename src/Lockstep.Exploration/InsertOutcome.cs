namespace Lockstep.Exploration;

public enum InsertOutcome
{
    Added,
    Present,
    /// <summary>The table would have to grow beyond its memory budget.</summary>
    MemoryFull,
    /// <summary>The store already holds its maximum number of states.</summary>
    StateLimit,
}
