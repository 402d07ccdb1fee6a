using Lockstep.Exploration;

namespace Lockstep.Exploration.Tests;

public sealed class ScanTests
{
    [Fact]
    public void Scan()
    {
        int seeds = int.Parse(Environment.GetEnvironmentVariable("SCAN") ?? "0");
        var opts = new SearchOptions { StopAtFirstBug = false };
        for (int seed = 0; seed < seeds; seed++)
        {
            var random = new Random(seed);
            ProgramSystem system = AgreementTests.RandomProgram(random, maxThreads: 4, loops: true);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            Console.Error.WriteLine($"seed {seed} start {system}");
            BruteForceResult reference = BruteForce.Explore(system);
            string[] expected = [.. reference.ShortestBugPath.Keys.Order()];
            foreach (var o in new[] { opts, opts with { Workers = 2 } })
            {
                SearchResult r = Search.Run(system, o);
                string[] got = [.. r.Bugs.Select(b => b.Bug.Title).Order()];
                Console.Error.WriteLine($"seed {seed} workers {o.Workers} {sw.ElapsedMilliseconds} ms states {reference.States} / {r.Statistics.States}");
                Assert.True(expected.SequenceEqual(got), $"seed {seed} workers {o.Workers} {system}: expected [{string.Join(", ", expected)}] got [{string.Join(", ", got)}]");
            }
        }
    }
}
