namespace Lockstep.Testing;

/// <summary>
/// A model did not check as a test expected. Any test framework reports an exception from a test as its failure, so
/// the helpers need no dependency on one; the message carries the verdict and the full report.
/// </summary>
public sealed class ModelAssertException(string message) : Exception(message);
