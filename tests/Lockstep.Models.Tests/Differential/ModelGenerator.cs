using System.Text;

namespace Lockstep.Models.Tests.Differential;

/// <summary>
/// Generates small random kernel-C models for differential soundness testing (issue 15): main starts two or three
/// threads, each a random sequence of self-contained blocks drawn from every primitive family — sleep/wake
/// (set_current_state/schedule/wake_up_process), locks of every kind (spinlock, raw spinlock, irqsave, mutex, rwsem,
/// rwlock), RCU and SRCU, completions, wait queues, work items, an interrupt handler, atomics, and allocation with
/// publication and free. With <c>seedBug</c> one block is replaced by a known-buggy variant (lost wake-up, lock order
/// inversion, missing complete(), synchronize inside its own read side, use after free, irq-unsafe lock, forgotten
/// wake_up()). The model is only an input: what it must satisfy is that every search agrees on it.
/// </summary>
public sealed class ModelGenerator(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>The families, for coverage accounting in the tests.</summary>
    public static readonly string[] Families =
        ["sleep-wake", "spinlock", "raw-spinlock", "irqsave", "mutex", "rwsem", "rwlock", "rcu", "srcu", "completion", "waitqueue", "work", "irq", "atomic", "alloc"];

    public sealed record Model(string Text, IReadOnlyList<string> Families, string? SeededBug);

    public Model Next(bool seedBug)
    {
        var threads = _random.Next(2, 4);
        var families = new List<string>();
        var bodies = new List<StringBuilder>();
        var pre = new StringBuilder();   // main, before the threads start
        var post = new StringBuilder();  // main, after
        var extraFunctions = new StringBuilder();
        var bugThread = seedBug ? _random.Next(threads) : -1;
        string? bug = null;
        var usesIrq = false;
        for (var t = 0; t < threads; t++)
        {
            var body = new StringBuilder();
            var blocks = _random.Next(1, 3);
            for (var b = 0; b < blocks; b++)
            {
                var family = Families[_random.Next(Families.Length)];
                var buggy = t == bugThread && b == 0;
                if (buggy) family = new[] { "sleep-wake", "mutex", "completion", "srcu", "alloc", "irq", "waitqueue" }[_random.Next(7)];
                if (family == "irq") { if (usesIrq) family = "atomic"; else usesIrq = true; }
                families.Add(family);
                var id = $"{t}_{b}";
                Emit(family, id, t, buggy, body, pre, post, extraFunctions);
                if (buggy) bug = family;
            }
            bodies.Add(body);
        }

        var text = new StringBuilder();
        text.Append("#include <lockstep/kernel.h>\n\n");
        text.Append("static DEFINE_SPINLOCK(sl_a);\nstatic DEFINE_SPINLOCK(sl_b);\nstatic DEFINE_RAW_SPINLOCK(raw_a);\n");
        text.Append("static DEFINE_MUTEX(mx_a);\nstatic DEFINE_MUTEX(mx_b);\nstatic DECLARE_RWSEM(rw_a);\nstatic DEFINE_RWLOCK(rwl_a);\n");
        text.Append("DEFINE_STATIC_SRCU(srcu_a);\nstatic atomic_t cnt;\nstatic int x;\nstatic int y;\nstatic int dev;\n");
        text.Append(_globals);
        text.Append(extraFunctions);
        for (var t = 0; t < threads; t++)
            text.Append($"\nstatic int thread{t}(void *arg)\n{{\n{bodies[t]}\treturn 0;\n}}\n");
        text.Append("\nint main(void)\n{\n").Append(pre);
        for (var t = 0; t < threads; t++) text.Append($"\ttask{t} = kthread_run(thread{t}, NULL, \"t{t}\");\n");
        text.Append(post).Append("\treturn 0;\n}\n");
        _globals.Clear();
        return new Model(text.ToString(), families, bug);
    }

    private readonly StringBuilder _globals = new();

    private void Emit(string family, string id, int t, bool buggy, StringBuilder body, StringBuilder pre, StringBuilder post, StringBuilder fns)
    {
        if (!_globals.ToString().Contains($"*task{t};", StringComparison.Ordinal))
            _globals.Append($"static struct task_struct *task{t};\n");
        switch (family)
        {
            case "sleep-wake":
                // The waiter is this thread; the waker a helper thread main starts. Buggy: the condition is tested before
                // the state is set (the lost wake-up).
                _globals.Append($"static int cond_{id};\nstatic struct task_struct *waiter_{id};\n");
                fns.Append($"\nstatic int waker_{id}(void *arg)\n{{\n\tWRITE_ONCE(cond_{id}, 1);\n\twake_up_process(waiter_{id});\n\treturn 0;\n}}\n");
                body.Append($"\twaiter_{id} = get_current();\n");
                post.Append($"\tkthread_run(waker_{id}, NULL, \"w{id}\");\n");
                if (buggy)
                    body.Append($"\twhile (!READ_ONCE(cond_{id})) {{\n\t\tset_current_state(TASK_UNINTERRUPTIBLE);\n\t\tschedule();\n\t}}\n\t__set_current_state(TASK_RUNNING);\n");
                else
                    body.Append($"\tfor (;;) {{\n\t\tset_current_state(TASK_UNINTERRUPTIBLE);\n\t\tif (READ_ONCE(cond_{id}))\n\t\t\tbreak;\n\t\tschedule();\n\t}}\n\t__set_current_state(TASK_RUNNING);\n");
                break;
            case "spinlock":
                body.Append("\tspin_lock(&sl_a);\n\tx = x + 1;\n\tspin_unlock(&sl_a);\n");
                break;
            case "raw-spinlock":
                body.Append("\traw_spin_lock(&raw_a);\n\ty = y + 1;\n\traw_spin_unlock(&raw_a);\n");
                break;
            case "irqsave":
                body.Append($"\t{{\n\t\tunsigned long flags_{id};\n\t\tspin_lock_irqsave(&sl_b, flags_{id});\n\t\tx = x + 2;\n\t\tspin_unlock_irqrestore(&sl_b, flags_{id});\n\t}}\n");
                break;
            case "mutex":
                // Buggy: the opposite order of the one the other threads use (an AB-BA inversion).
                if (buggy)
                {
                    body.Append("\tmutex_lock(&mx_b);\n\tmutex_lock(&mx_a);\n\ty = y + 1;\n\tmutex_unlock(&mx_a);\n\tmutex_unlock(&mx_b);\n");
                    post.Append("\tmutex_lock(&mx_a);\n\tmutex_lock(&mx_b);\n\tmutex_unlock(&mx_b);\n\tmutex_unlock(&mx_a);\n");
                }
                else body.Append("\tmutex_lock(&mx_a);\n\tmutex_lock(&mx_b);\n\ty = y + 1;\n\tmutex_unlock(&mx_b);\n\tmutex_unlock(&mx_a);\n");
                break;
            case "rwsem":
                body.Append(_random.Next(2) == 0 ? "\tdown_read(&rw_a);\n\tREAD_ONCE(x);\n\tup_read(&rw_a);\n" : "\tdown_write(&rw_a);\n\tx = x + 3;\n\tup_write(&rw_a);\n");
                break;
            case "rwlock":
                body.Append(_random.Next(2) == 0 ? "\tread_lock(&rwl_a);\n\tREAD_ONCE(y);\n\tread_unlock(&rwl_a);\n" : "\twrite_lock(&rwl_a);\n\ty = y + 3;\n\twrite_unlock(&rwl_a);\n");
                break;
            case "rcu":
                body.Append(_random.Next(2) == 0 ? "\trcu_read_lock();\n\tREAD_ONCE(x);\n\trcu_read_unlock();\n" : "\tsynchronize_rcu();\n");
                break;
            case "srcu":
                // Buggy: synchronize_srcu() inside its own read side (self-deadlock; lockdep's recursive locking).
                if (buggy) body.Append($"\t{{\n\t\tint idx_{id} = srcu_read_lock(&srcu_a);\n\t\tsynchronize_srcu(&srcu_a);\n\t\tsrcu_read_unlock(&srcu_a, idx_{id});\n\t}}\n");
                else if (_random.Next(2) == 0) body.Append($"\t{{\n\t\tint idx_{id} = srcu_read_lock(&srcu_a);\n\t\tREAD_ONCE(y);\n\t\tsrcu_read_unlock(&srcu_a, idx_{id});\n\t}}\n");
                else body.Append("\tsynchronize_srcu(&srcu_a);\n");
                break;
            case "completion":
                // This thread completes, main waits. Buggy: the complete() is missing (main hangs).
                _globals.Append($"static DECLARE_COMPLETION(done_{id});\n");
                if (!buggy) body.Append($"\tcomplete(&done_{id});\n");
                post.Append($"\twait_for_completion(&done_{id});\n");
                break;
            case "waitqueue":
                // This thread waits for main's event. Buggy: main sets the condition but forgets wake_up().
                _globals.Append($"static DECLARE_WAIT_QUEUE_HEAD(wq_{id});\nstatic int ev_{id};\n");
                body.Append($"\twait_event(wq_{id}, READ_ONCE(ev_{id}));\n");
                post.Append($"\tWRITE_ONCE(ev_{id}, 1);\n");
                if (!buggy) post.Append($"\twake_up(&wq_{id});\n");
                break;
            case "work":
                _globals.Append($"static struct work_struct work_{id};\n");
                fns.Append($"\nstatic void work_fn_{id}(struct work_struct *w)\n{{\n\tatomic_inc(&cnt);\n}}\n");
                pre.Append($"\tINIT_WORK(&work_{id}, work_fn_{id});\n");
                body.Append($"\tqueue_work(system_wq, &work_{id});\n\tflush_work(&work_{id});\n");
                break;
            case "irq":
                // A handler that takes sl_b; this thread registers it. Buggy: this thread then takes sl_b with
                // interrupts on (lockdep: inconsistent lock state; the handler could spin on it forever).
                fns.Append($"\nstatic irqreturn_t irq_fn_{id}(int irq, void *dev_id)\n{{\n\tspin_lock(&sl_b);\n\ty = y + 5;\n\tspin_unlock(&sl_b);\n\treturn IRQ_HANDLED;\n}}\n");
                body.Append($"\trequest_irq(9, irq_fn_{id}, 0, \"dev\", &dev);\n");
                if (buggy) body.Append("\tspin_lock(&sl_b);\n\tx = x + 1;\n\tspin_unlock(&sl_b);\n");
                else body.Append("\tlocal_irq_disable();\n\tWRITE_ONCE(x, 7);\n\tlocal_irq_enable();\n\tlocal_irq_disable();\n\tWRITE_ONCE(x, 8);\n\tlocal_irq_enable();\n");
                break;
            case "atomic":
                body.Append("\tatomic_inc(&cnt);\n\tif (atomic_read(&cnt) > 100)\n\t\tWRITE_ONCE(x, 0);\n");
                break;
            case "alloc":
                // Publish a heap object to a reader helper under RCU-less hand-off. Buggy: freed while the reader may
                // still use it (use-after-free); correct: the reader frees it after reading.
                _globals.Append($"static int *obj_{id};\n");
                fns.Append($"\nstatic int reader_{id}(void *arg)\n{{\n\tint *p = READ_ONCE(obj_{id});\n\tif (p)\n\t\tREAD_ONCE(*p);\n\treturn 0;\n}}\n");
                post.Append($"\tkthread_run(reader_{id}, NULL, \"r{id}\");\n");
                body.Append($"\t{{\n\t\tint *p_{id} = kzalloc(sizeof(int), GFP_KERNEL);\n\t\t*p_{id} = 1;\n");
                if (buggy) body.Append($"\t\tWRITE_ONCE(obj_{id}, p_{id});\n\t\tkfree(p_{id});\n\t}}\n");
                else body.Append($"\t\tkfree(p_{id});\n\t}}\n");
                break;
        }
    }
}
