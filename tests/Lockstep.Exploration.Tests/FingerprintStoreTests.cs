using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed class FingerprintStoreTests
{
    private static Fingerprint Of(int i) => Fingerprint.Of(BitConverter.GetBytes(i));

    [Fact]
    public void AddsOnceAndKeepsEverythingAcrossGrowth()
    {
        var store = new FingerprintStore();
        for (int i = 0; i < 200_000; i++)
            Assert.Equal(InsertOutcome.Added, store.TryAdd(Of(i)));
        for (int i = 0; i < 200_000; i += 7)
            Assert.Equal(InsertOutcome.Present, store.TryAdd(Of(i)));

        Assert.Equal(200_000, store.Count);
        Assert.False(store.Contains(Of(-1)));
    }

    [Fact]
    public void KeepsAndUpdatesPayloads()
    {
        var store = new FingerprintStore(withPayload: true);
        store.TryAdd(Of(1), 0b101, out _);

        Assert.Equal(InsertOutcome.Present, store.TryAdd(Of(1), 0, out ulong stored));
        Assert.Equal(0b101UL, stored);
        Assert.True(store.SetPayload(Of(1), 0b001));
        Assert.True(store.TryGetPayload(Of(1), out ulong updated));
        Assert.Equal(0b001UL, updated);
    }

    [Fact]
    public void Payloads_FitTheSlotOrOverflow_AcrossGrowth()
    {
        var store = new FingerprintStore(withPayload: true);
        // Payloads of 15 bits live in the slot; wider ones (threads 15..63 asleep) beside it.
        static ulong PayloadOf(int i) => i % 3 == 0 ? 1UL << (i % 64) : (ulong)i & 0x7FFF;
        for (int i = 0; i < 100_000; i++)
            Assert.Equal(InsertOutcome.Added, store.TryAdd(Of(i), PayloadOf(i), out _));
        for (int i = 0; i < 100_000; i++)
        {
            Assert.True(store.TryGetPayload(Of(i), out ulong payload));
            Assert.Equal(PayloadOf(i), payload);
        }
        // A payload that shrinks back into the slot leaves the overflow.
        Assert.True(store.SetPayload(Of(63), 1UL << 63));
        Assert.True(store.SetPayload(Of(63), 0b10));
        Assert.True(store.TryGetPayload(Of(63), out ulong shrunk));
        Assert.Equal(0b10UL, shrunk);
        Assert.Equal(100_000, store.Count);
        Assert.Equal(112, store.FingerprintBits);
        Assert.Equal(128, new FingerprintStore().FingerprintBits);
        Assert.False(store.Contains(Of(-1)));
    }

    [Fact]
    public void RefusesToGrowPastTheMemoryBudget()
    {
        var store = new FingerprintStore(maxBytes: 64 * 1024);
        int added = 0;
        while (store.TryAdd(Of(added)) == InsertOutcome.Added)
            added++;

        Assert.Equal(InsertOutcome.MemoryFull, store.TryAdd(Of(added)));
        Assert.True(store.AllocatedBytes <= 64 * 1024);
        // 1024 slots of 16 bytes (a quarter of the budget), grown by half to 1536, 2304 and 3456 (the next, 5184, is
        // past the budget): the last table fills to 9/10.
        Assert.Equal(3456 * 16, store.AllocatedBytes);
        Assert.Equal(3456 * 9 / 10, added);
    }

    [Fact]
    public void StopsAtTheStateLimit()
    {
        var store = new FingerprintStore(maxCount: 3);
        for (int i = 0; i < 3; i++)
            store.TryAdd(Of(i));

        Assert.Equal(InsertOutcome.StateLimit, store.TryAdd(Of(3)));
        Assert.Equal(InsertOutcome.Present, store.TryAdd(Of(2)));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public void ConcurrentAdds_CountEachFingerprintOnce()
    {
        var store = new FingerprintStore(segments: 16, concurrent: true);
        int added = 0;
        Parallel.For(0, 4, worker =>
        {
            for (int i = 0; i < 50_000; i++)
            {
                if (store.TryAdd(Of(i)) == InsertOutcome.Added)
                    Interlocked.Increment(ref added);
            }
        });

        Assert.Equal(50_000, added);
        Assert.Equal(50_000, store.Count);
    }

    [Fact]
    public void Fingerprint_IsTheXxHash128OfTheState()
    {
        Assert.Equal(Fingerprint.Of([1, 2, 3]), Fingerprint.Of([1, 2, 3]));
        Assert.NotEqual(Fingerprint.Of([1, 2, 3]), Fingerprint.Of([1, 2, 4]));
        UInt128 hash = System.IO.Hashing.XxHash128.HashToUInt128([1, 2, 3]);
        Assert.Equal((ulong)hash, Fingerprint.Of([1, 2, 3]).Low);
    }

    [Fact]
    public void CollisionProbability_IsTheBirthdayBound()
    {
        Assert.Equal(0, SearchStatistics.EstimateCollisionProbability(1));
        double million = SearchStatistics.EstimateCollisionProbability(1 << 20);
        Assert.Equal((double)(1 << 20) * ((1 << 20) - 1) / Math.Pow(2, 129), million);
        Assert.InRange(million, 1.6e-27, 1.7e-27);
        SearchResult result = Search.Run(Toys.IndependentCounters(3, 4), new SearchOptions { PartialOrderReduction = false });
        Assert.Equal(125.0 * 124 / Math.Pow(2, 129), result.Statistics.CollisionProbability);
    }
}
