namespace Lockstep.Kernel.Splats;

/// <summary>
/// A lock class as <c>print_lock_name</c> shows it: <c> (Name){Usage}-{WaitOuter:WaitInner}</c>, with the
/// usage characters and wait-type numbers frozen when the report was made. <see cref="Key"/> is the class key
/// (for "key at:" lines).
/// </summary>
public sealed record PrintedClass(string Name, string Usage, int WaitOuter, int WaitInner, long Key = 0)
{
    /// <summary><c> (name){usage}-{o:i}</c> with the leading space, as lockdep prints it.</summary>
    public override string ToString() => $" ({Name}){{{Usage}}}-{{{WaitOuter}:{WaitInner}}}";
}
