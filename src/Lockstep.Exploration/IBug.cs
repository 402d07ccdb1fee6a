namespace Lockstep.Exploration;

/// <summary>A bug found by a step or at an end state. Opaque to the search.</summary>
public interface IBug
{
    string Kind { get; }
    string Title { get; }
}
