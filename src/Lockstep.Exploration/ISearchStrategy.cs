namespace Lockstep.Exploration;

/// <summary>One exploration order. The runtime (<see cref="SearchContext"/>) owns store, bounds and bugs.</summary>
internal interface ISearchStrategy
{
    /// <summary>Explores until done or <see cref="SearchContext.Stopped"/>, then builds the result.</summary>
    SearchResult Explore(SearchContext context);
}
