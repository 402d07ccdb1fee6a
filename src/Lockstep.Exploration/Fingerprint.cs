using System.IO.Hashing;

namespace Lockstep.Exploration;

/// <summary>128-bit XxHash128 of a state vector: what the store keeps instead of the state.</summary>
public readonly record struct Fingerprint(ulong Low, ulong High)
{
    public static Fingerprint Of(ReadOnlySpan<byte> state)
    {
        UInt128 hash = XxHash128.HashToUInt128(state);
        ulong low = (ulong)hash;
        ulong high = (ulong)(hash >> 64);
        // (0, 0) marks an empty slot in FingerprintStore; remapping it costs one value in 2^128.
        if (low == 0 && high == 0)
            low = 1;
        return new Fingerprint(low, high);
    }
}
