namespace Lockstep.Language.Lowering;

/// <summary>A jump target whose position is patched into the jumps once it is known.</summary>
internal sealed class Label
{
    public int Target { get; set; } = -1;
    public List<int> Patches { get; } = [];
}
