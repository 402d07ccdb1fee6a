/*
 * Contract (kernel/time/timer.c, timer_delete_sync()): "callers must prevent restarting of the timer". Another
 * path that re-arms it after del_timer_sync() returned makes the callback run on the freed object.
 * expect: use-after-free thread=ktimer/0
 */
#include <lockstep/kernel.h>

struct dev { struct timer_list timer; int ticks; };
static struct dev *dev;
static DECLARE_COMPLETION(rearmed);

static void dev_timeout(struct timer_list *t)
{
	struct dev *d = from_timer(d, t, timer);

	d->ticks++;
}

static int rearmer(void *data)
{
	mod_timer(&dev->timer, jiffies + HZ);
	complete(&rearmed);
	return 0;
}

int main(void)
{
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	timer_setup(&dev->timer, dev_timeout, 0);
	kthread_run(rearmer, NULL, "rearmer");
	del_timer_sync(&dev->timer);
	wait_for_completion(&rearmed);
	kfree(dev);
	return 0;
}
