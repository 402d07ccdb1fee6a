/*
 * Contract (kernel/workqueue.c, flush_work()): flush waits only for the instance queued when it was called;
 * a self-requeueing work escapes it, so freeing after flush_work() is a use-after-free.
 * expect: use-after-free
 */
#include <lockstep/kernel.h>

struct poll { struct work_struct work; int rounds; };

static void poll_work(struct work_struct *w)
{
	struct poll *p = container_of(w, struct poll, work);

	if (++p->rounds < 2)
		schedule_work(&p->work);
}

int main(void)
{
	struct poll *p = kzalloc(sizeof(*p), GFP_KERNEL);

	INIT_WORK(&p->work, poll_work);
	schedule_work(&p->work);
	flush_work(&p->work);
	kfree(p);
	return 0;
}
