/*
 * Contract (kernel/time/timer.c, del_timer_sync()): on return the timer is not pending and its callback is not
 * running, and nothing touches it again: it may be freed.
 * expect: ok
 */
#include <lockstep/kernel.h>

struct dev { struct timer_list timer; int ticks; };

static void dev_timeout(struct timer_list *t)
{
	struct dev *d = from_timer(d, t, timer);

	d->ticks++;
}

int main(void)
{
	struct dev *d = kzalloc(sizeof(*d), GFP_KERNEL);

	timer_setup(&d->timer, dev_timeout, 0);
	mod_timer(&d->timer, jiffies + HZ);
	del_timer_sync(&d->timer);
	kfree(d);
	return 0;
}
