/*
 * Contract (kernel/workqueue.c, cancel_work_sync()): safe for self-requeueing work — while it waits for the
 * running instance, queueing the work fails; on return the work is idle and may be freed.
 * expect: ok
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
	cancel_work_sync(&p->work);
	kfree(p);
	return 0;
}
