namespace Lockstep.Language.Binding;

/// <summary>Where an implicit conversion "as if by assignment" happens (it decides the wording of its errors).</summary>
public enum AssignmentContext { Assigning, Initializing, Passing, Returning }
