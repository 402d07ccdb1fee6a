/*
 * Contract (kernel/time/timer.c): del_timer() does not wait for a running callback; freeing the object right
 * after it races with the callback: use-after-free in the timer softirq.
 * expect: use-after-free thread=ktimer/0 at=L
 */
#include <lockstep/kernel.h>

struct dev { struct timer_list timer; int ticks; };

static void dev_timeout(struct timer_list *t)
{
	struct dev *d = from_timer(d, t, timer);

	d->ticks++; /* @L */
}

int main(void)
{
	struct dev *d = kzalloc(sizeof(*d), GFP_KERNEL);

	timer_setup(&d->timer, dev_timeout, 0);
	mod_timer(&d->timer, jiffies + HZ);
	del_timer(&d->timer);
	kfree(d);
	return 0;
}
