/*
 * Contract (include/linux/wait.h, waitqueue_active()): the waker must publish the condition and order it (smp_mb())
 * before it samples waitqueue_active(). Sampling first misses a waiter that queues itself in between: the waiter
 * sleeps forever. Kernel verdict: hung task.
 * expect: deadlock thread=main
 */
#include <lockstep/kernel.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int done;

static int waker(void *data)
{
	int sleeper = waitqueue_active(&wq);

	WRITE_ONCE(done, 1);
	if (sleeper)
		wake_up(&wq);
	return 0;
}

int main(void)
{
	kthread_run(waker, NULL, "waker");
	wait_event(wq, READ_ONCE(done));
	return 0;
}
