/*
 * Contract (kernel/time/timer.c, __timer_delete_sync()): for a timer that re-arms itself, del_timer_sync()
 * retries until the callback is not running; del_timer() does not: the running callback re-arms or touches
 * the freed object.
 * expect: use-after-free thread=ktimer/0
 */
#include <lockstep/kernel.h>

struct poll { struct timer_list timer; int rounds; };

static void poll_timeout(struct timer_list *t)
{
	struct poll *p = from_timer(p, t, timer);

	if (++p->rounds < 3)
		mod_timer(&p->timer, jiffies + 1);
}

int main(void)
{
	struct poll *p = kzalloc(sizeof(*p), GFP_KERNEL);

	timer_setup(&p->timer, poll_timeout, 0);
	mod_timer(&p->timer, jiffies + 1);
	del_timer(&p->timer);
	kfree(p);
	return 0;
}
