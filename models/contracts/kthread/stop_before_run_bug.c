/*
 * Contract (kernel/kthread.c, kthread()): if kthread_stop() comes before the new thread first runs, the thread
 * function is never called (kthread_stop() returns -EINTR). Waiting after the stop for something only the thread
 * function does hangs.
 * expect: deadlock thread=main at=L
 */
#include <lockstep/kernel.h>

static DECLARE_COMPLETION(started);

static int worker(void *data)
{
	complete(&started);
	while (!kthread_should_stop())
		cond_resched();
	return 0;
}

int main(void)
{
	struct task_struct *t = kthread_run(worker, NULL, "worker");

	kthread_stop(t);
	wait_for_completion(&started); /* @L */
	return 0;
}
