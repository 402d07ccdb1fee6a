/*
 * Contract (include/linux/wait.h, waitqueue_active()): publish the condition, smp_mb(), then test
 * waitqueue_active(): a waiter either sees the condition or is already on the queue and is woken.
 * expect: ok
 */
#include <lockstep/kernel.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int done;

static int waker(void *data)
{
	WRITE_ONCE(done, 1);
	smp_mb();
	if (waitqueue_active(&wq))
		wake_up(&wq);
	return 0;
}

int main(void)
{
	kthread_run(waker, NULL, "waker");
	wait_event(wq, READ_ONCE(done));
	return 0;
}
