using System.Text;

namespace Lockstep.Models.Tests.Differential;

/// <summary>
/// Generates small models about locked data for testing step merging (docs/step-merging.md): global counters each
/// updated under its own lock (spinlock, mutex, rwlock or rw_semaphore write side) by two or three threads, readers
/// under the read side, pairs moved together under an invariant, counters in a global struct beside their lock, and —
/// the point — accesses that break the discipline: an update without the lock, through an alias pointer, under the
/// wrong lock, a trylock against the owner's release, main reading while the threads still run. main waits for the
/// threads (completions or kthread_stop) and asserts the totals, so a lost update is a bug.
/// </summary>
public sealed class LockDisciplineGenerator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly (string Type, string Define, string Lock, string Unlock, string ReadLock, string ReadUnlock)[] Locks =
    [
        ("spinlock", "static DEFINE_SPINLOCK({0});", "spin_lock(&{0});", "spin_unlock(&{0});", "spin_lock(&{0});", "spin_unlock(&{0});"),
        ("mutex", "static DEFINE_MUTEX({0});", "mutex_lock(&{0});", "mutex_unlock(&{0});", "mutex_lock(&{0});", "mutex_unlock(&{0});"),
        ("rwlock", "static DEFINE_RWLOCK({0});", "write_lock(&{0});", "write_unlock(&{0});", "read_lock(&{0});", "read_unlock(&{0});"),
        ("rwsem", "static DECLARE_RWSEM({0});", "down_write(&{0});", "up_write(&{0});", "down_read(&{0});", "up_read(&{0});"),
    ];

    public string Next()
    {
        var counters = _random.Next(1, 3);
        var threads = _random.Next(2, 4);
        var text = new StringBuilder("#include <lockstep/kernel.h>\n\n");
        var lockOf = new int[counters];
        for (var c = 0; c < counters; c++)
        {
            lockOf[c] = _random.Next(Locks.Length);
            text.Append(string.Format(Locks[lockOf[c]].Define, $"lock{c}")).Append('\n');
            text.Append($"static int c{c};\nstatic int *alias{c} = &c{c};\n");
        }
        text.Append("struct pair {\n\tspinlock_t lock;\n\tint p;\n\tint q;\n};\nstatic struct pair pr;\n");
        var invariant = _random.Next(3) == 0;
        if (invariant) text.Append("LOCKSTEP_INVARIANT(pair_moves_together) { return pr.p == pr.q || pr.p == pr.q + 1; }\n");
        var expected = new int[counters];
        var pairUpdates = 0;
        var joinByCompletion = _random.Next(2) == 0;
        var earlyRead = _random.Next(4) == 0;
        for (var t = 0; t < threads; t++)
        {
            if (joinByCompletion) text.Append($"static DECLARE_COMPLETION(done{t});\n");
            text.Append($"\nstatic int thread{t}(void *arg)\n{{\n\tint v;\n");
            var blocks = _random.Next(1, 4);
            for (var b = 0; b < blocks; b++)
            {
                var c = _random.Next(counters);
                var l = Locks[lockOf[c]];
                var lk = $"lock{c}";
                switch (_random.Next(10))
                {
                    case 0: // without the lock
                        text.Append($"\tv = READ_ONCE(c{c});\n\tWRITE_ONCE(c{c}, v + 1);\n");
                        expected[c]++;
                        break;
                    case 1: // through the alias, without the lock
                        text.Append($"\t*alias{c} = *alias{c} + 1;\n");
                        expected[c]++;
                        break;
                    case 2: // under the wrong lock
                        text.Append("\tspin_lock(&pr.lock);\n").Append($"\tc{c} = c{c} + 1;\n").Append("\tspin_unlock(&pr.lock);\n");
                        expected[c]++;
                        break;
                    case 3: // a trylock: updates only if it got the lock
                        if (l.Type is "spinlock" or "mutex")
                        {
                            var trylock = l.Type == "spinlock" ? "spin_trylock" : "mutex_trylock";
                            text.Append($"\tif ({trylock}(&{lk})) {{\n\t\tc{c} = c{c} + 1;\n\t\t{string.Format(l.Unlock, lk)}\n\t}} else {{\n\t\t{string.Format(l.Lock, lk)}\n\t\tc{c} = c{c} + 1;\n\t\t{string.Format(l.Unlock, lk)}\n\t}}\n");
                            expected[c]++;
                        }
                        else goto default;
                        break;
                    case 4: // a reader
                        text.Append($"\t{string.Format(l.ReadLock, lk)}\n\tv = c{c};\n\t{string.Format(l.ReadUnlock, lk)}\n\tif (v > 100)\n\t\tWRITE_ONCE(c{c}, 0);\n");
                        break;
                    case 5: // the pair, under its lock (the invariant sees the step between)
                        text.Append("\tspin_lock(&pr.lock);\n\tpr.p = pr.p + 1;\n\tpr.q = pr.q + 1;\n\tspin_unlock(&pr.lock);\n");
                        pairUpdates++;
                        break;
                    default: // the discipline
                        text.Append($"\t{string.Format(l.Lock, lk)}\n\tv = c{c};\n\tc{c} = v + 1;\n\t{string.Format(l.Unlock, lk)}\n");
                        expected[c]++;
                        break;
                }
            }
            if (joinByCompletion) text.Append($"\tcomplete(&done{t});\n");
            text.Append("\treturn 0;\n}\n");
        }
        text.Append("\nint main(void)\n{\n");
        for (var t = 0; t < threads; t++) text.Append($"\tstruct task_struct *t{t};\n");
        text.Append("\tspin_lock_init(&pr.lock);\n");
        for (var t = 0; t < threads; t++) text.Append($"\tt{t} = kthread_run(thread{t}, NULL, \"t{t}\");\n");
        // main looks while the threads run: the count after exactly one update is a state only an interleaving shows.
        if (earlyRead && expected[0] >= 2) text.Append("\tassert(READ_ONCE(c0) != 1);\n");
        for (var t = 0; t < threads; t++)
            text.Append(joinByCompletion ? $"\twait_for_completion(&done{t});\n" : $"\tkthread_stop(t{t});\n");
        // kthread_stop() may keep a thread from running at all: then the totals are upper bounds.
        for (var c = 0; c < counters; c++)
            text.Append($"\tassert(c{c} {(joinByCompletion ? "==" : "<=")} {expected[c]});\n");
        text.Append($"\tassert(pr.p == pr.q && pr.p {(joinByCompletion ? "==" : "<=")} {pairUpdates});\n");
        text.Append("\treturn 0;\n}\n");
        return text.ToString();
    }
}
