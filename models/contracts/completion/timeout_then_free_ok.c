/*
 * Contract (kernel/sched/completion.c): after a timeout, wait for the completer before freeing what it touches
 * (here: wait_for_completion() after the timeout, as drivers do once they have told the device to stop).
 * expect: ok
 */
#include <lockstep/kernel.h>

struct request { struct completion done; int result; };

static int worker(void *data)
{
	struct request *req = data;

	req->result = 1;
	complete(&req->done);
	return 0;
}

int main(void)
{
	struct request *req = kzalloc(sizeof(*req), GFP_KERNEL);

	init_completion(&req->done);
	kthread_run(worker, req, "worker");
	if (!wait_for_completion_timeout(&req->done, HZ))
		wait_for_completion(&req->done);
	kfree(req);
	return 0;
}
