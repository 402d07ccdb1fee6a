/*
 * Contract (kernel/time/timer.c, __timer_delete_sync()): it spins (cpu_relax()) on !PREEMPT_RT and is legal with
 * bottom halves disabled; on PREEMPT_RT spin_lock_bh() leaves it preemptible, which is what it asserts.
 * (Issue 16's reproducer: a false sleep-in-atomic before.) The callback does not take the lock.
 * expect: ok
 * expect PREEMPT_RT: ok
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(dev_lock);
static struct timer_list dev_timer;
static int ticks;

static void dev_timeout(struct timer_list *t)
{
	ticks++;
}

int main(void)
{
	timer_setup(&dev_timer, dev_timeout, 0);
	mod_timer(&dev_timer, jiffies + HZ);
	spin_lock_bh(&dev_lock);
	del_timer_sync(&dev_timer);
	spin_unlock_bh(&dev_lock);
	return 0;
}
