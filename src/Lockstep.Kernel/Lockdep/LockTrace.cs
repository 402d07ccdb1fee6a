namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// A saved stack (lockdep's <c>save_trace()</c>): opaque frame strings, innermost first, printed verbatim
/// under "the existing dependency chain" and "stack backtrace".
/// </summary>
public sealed record LockTrace(IReadOnlyList<string> Frames)
{
    /// <summary>A trace with no frames.</summary>
    public static LockTrace Empty { get; } = new(Array.Empty<string>());

    public bool Equals(LockTrace? other) =>
        other is not null && Frames.SequenceEqual(other.Frames, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var frame in Frames)
            hash.Add(frame, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
