/*
 * Contract (kernel/workqueue.c, process_one_work()): a work function may free its own work item; the kworker
 * never touches the item after the function returns. complete() as the last action lets a waiter free it too.
 * expect: ok
 */
#include <lockstep/kernel.h>

struct req { struct work_struct work; };
static DECLARE_COMPLETION(freed);

static void req_work(struct work_struct *w)
{
	kfree(container_of(w, struct req, work));
	complete(&freed);
}

int main(void)
{
	struct req *r = kzalloc(sizeof(*r), GFP_KERNEL);

	INIT_WORK(&r->work, req_work);
	schedule_work(&r->work);
	wait_for_completion(&freed);
	return 0;
}
