/*
 * Contract (kernel/time/timer.c + lockdep): task context takes the timer callback's lock with spin_lock_bh(), so no
 * timer softirq runs on its CPU while it holds the lock.
 * expect: ok
 * expect PREEMPT_RT: ok
 * expect NO_LOCKDEP: ok
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
	spin_lock_bh(&stats_lock);
	stats = 0;
	spin_unlock_bh(&stats_lock);
	return 0;
}

int main(void)
{
	timer_setup(&stats_timer, stats_timeout, 0);
	mod_timer(&stats_timer, jiffies + HZ);
	kthread_run(updater, NULL, "updater");
	return 0;
}
