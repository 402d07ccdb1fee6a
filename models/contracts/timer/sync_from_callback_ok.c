/*
 * Contract (kernel/time/timer.c): from its own callback a timer is stopped with del_timer() (or by not
 * re-arming it), never with the _sync form.
 * expect: ok
 * expect NO_LOCKDEP: ok
 */
#include <lockstep/kernel.h>

static struct timer_list dev_timer;

static void dev_timeout(struct timer_list *t)
{
	del_timer(t);
}

int main(void)
{
	timer_setup(&dev_timer, dev_timeout, 0);
	mod_timer(&dev_timer, jiffies + HZ);
	return 0;
}
