/*
 * Contract (kernel/sched/completion.c): every path of the worker completes, so the waiter always wakes.
 * expect: ok
 */
#include <lockstep/kernel.h>

static DECLARE_COMPLETION(ready);
static int fail;

static int worker(void *data)
{
	int err = READ_ONCE(fail) ? -EIO : 0;

	complete(&ready);
	return err;
}

int main(void)
{
	fail = 1;
	kthread_run(worker, NULL, "worker");
	wait_for_completion(&ready);
	return 0;
}
