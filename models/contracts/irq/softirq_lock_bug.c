/*
 * Contract (kernel/time/timer.c + lockdep): a timer callback runs in softirq context; a lock it takes must be
 * taken with bottom halves disabled in task context, or a softirq on the same CPU deadlocks on it:
 * "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage". Without lockdep the hang itself: the timer softirq runs on
 * the updater's CPU (irq_exit() -> run_timer_softirq()) while it holds the lock, and spins on it forever.
 * expect: irq-inversion
 * expect PREEMPT_RT: ok
 * expect NO_LOCKDEP: deadlock thread=ktimer/0
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(stats_lock);
static struct timer_list stats_timer;
static int stats;

static void stats_timeout(struct timer_list *t)
{
	spin_lock(&stats_lock);
	stats++;
	spin_unlock(&stats_lock);
}

static int updater(void *data)
{
	spin_lock(&stats_lock);
	stats = 0;
	spin_unlock(&stats_lock);
	return 0;
}

int main(void)
{
	timer_setup(&stats_timer, stats_timeout, 0);
	mod_timer(&stats_timer, jiffies + HZ);
	kthread_run(updater, NULL, "updater");
	return 0;
}
