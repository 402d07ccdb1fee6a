/*
 * spin_lock() inside preempt_disable(): fine on a normal kernel, a bug with CONFIG_PREEMPT_RT, where
 * spinlock_t is a sleeping lock (rt_spin_lock) and must not be taken with preemption disabled.
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(stats_lock);
static int stats;

static int counter(void *data)
{
	preempt_disable();
	spin_lock(&stats_lock);
	stats = stats + 1;
	spin_unlock(&stats_lock);
	preempt_enable();
	return 0;
}

int main(void)
{
	kthread_run(counter, NULL, "counter");
	return 0;
}
