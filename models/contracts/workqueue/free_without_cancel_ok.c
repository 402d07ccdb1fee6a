/*
 * Contract (kernel/workqueue.c, cancel_work_sync()): once it returns, the work is neither queued nor running and
 * nothing touches it again, so it may be freed. (Issue 16's reproducer: a false use-after-free before.)
 * expect: ok
 */
#include <lockstep/kernel.h>

struct dev { struct work_struct work; int x; };

static void dev_work(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, work);

	d->x = 1;
}

int main(void)
{
	struct dev *d = kzalloc(sizeof(*d), GFP_KERNEL);

	INIT_WORK(&d->work, dev_work);
	schedule_work(&d->work);
	cancel_work_sync(&d->work);
	kfree(d);
	return 0;
}
