/*
 * Contract (kernel/workqueue.c, process_one_work()): a work function may free its own work item — but then its
 * owner must not flush or cancel it afterwards: the flush reads freed memory.
 * expect: use-after-free thread=main
 */
#include <lockstep/kernel.h>

struct req { struct work_struct work; };

static void req_work(struct work_struct *w)
{
	kfree(container_of(w, struct req, work));
}

int main(void)
{
	struct req *r = kzalloc(sizeof(*r), GFP_KERNEL);

	INIT_WORK(&r->work, req_work);
	schedule_work(&r->work);
	flush_work(&r->work);
	return 0;
}
