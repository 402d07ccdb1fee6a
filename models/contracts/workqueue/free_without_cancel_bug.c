/*
 * Contract (kernel/workqueue.c): a queued work item is the workqueue's until it has run or been cancelled;
 * freeing it while queued is a use-after-free in the kworker. (Issue 16's reproducer, without the cancel.)
 * expect: use-after-free thread=kworker/u8:1
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
	kfree(d);
	return 0;
}
