namespace Lockstep.Exploration;

/// <summary>Anything the search can explore. One executor is created per worker thread.</summary>
public interface ITransitionSystem
{
    IExecutor CreateExecutor();
}
