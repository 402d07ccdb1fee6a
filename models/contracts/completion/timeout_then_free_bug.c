/*
 * Contract (kernel/sched/completion.c, wait_for_completion_timeout()): a timeout does not cancel the completer.
 * Freeing the request on timeout while the worker will still complete() it is a use-after-free.
 * expect: use-after-free thread=worker at=L
 */
#include <lockstep/kernel.h>

struct request { struct completion done; int result; };

static int worker(void *data)
{
	struct request *req = data;

	req->result = 1; /* @L */
	complete(&req->done);
	return 0;
}

int main(void)
{
	struct request *req = kzalloc(sizeof(*req), GFP_KERNEL);

	init_completion(&req->done);
	kthread_run(worker, req, "worker");
	if (!wait_for_completion_timeout(&req->done, HZ)) {
		kfree(req);
		return -ETIMEDOUT;
	}
	kfree(req);
	return 0;
}
