/*
 * Contract (kernel/sched/completion.c): wait_for_completion() sleeps uninterruptibly until complete(); a path
 * that returns without completing leaves the waiter hung.
 * expect: deadlock thread=main at=L
 */
#include <lockstep/kernel.h>

static DECLARE_COMPLETION(ready);
static int fail;

static int worker(void *data)
{
	if (READ_ONCE(fail))
		return -EIO;
	complete(&ready);
	return 0;
}

int main(void)
{
	fail = 1;
	kthread_run(worker, NULL, "worker");
	wait_for_completion(&ready); /* @L */
	return 0;
}
