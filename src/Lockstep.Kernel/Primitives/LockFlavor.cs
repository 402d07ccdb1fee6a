namespace Lockstep.Kernel.Primitives;

/// <summary>What an acquire/release variant does besides taking the lock: the _irq, _irqsave and _bh suffixes.</summary>
public enum LockFlavor
{
    Plain,
    Irq,
    IrqSave,
    Bh,
}
