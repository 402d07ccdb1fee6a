using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed record ToyBug(string Kind, string Title) : IBug;
