/*
 * Contract (kernel/time/timer.c): del_timer_sync() from the timer's own callback waits for itself: lockdep
 * reports the recursion on the timer's map; without lockdep the softirq spins forever.
 * expect: recursive-locking thread=ktimer/0
 * expect NO_LOCKDEP: deadlock thread=ktimer/0
 */
#include <lockstep/kernel.h>

static struct timer_list dev_timer;

static void dev_timeout(struct timer_list *t)
{
	del_timer_sync(t);
}

int main(void)
{
	timer_setup(&dev_timer, dev_timeout, 0);
	mod_timer(&dev_timer, jiffies + HZ);
	return 0;
}
