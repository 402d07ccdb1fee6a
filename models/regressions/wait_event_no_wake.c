/*
 * wait_event() (include/linux/wait.h) against a waker that sets the condition but forgets wake_up(): the waiter
 * may test the condition before it is set and then sleep with nothing to wake it. With -D WAKE the waker calls
 * wake_up() after setting the condition, which is the correct protocol. Expected: a hung task (deadlock: the
 * waiter on wait_event(), main on wait_for_completion()); with -D WAKE, ok.
 */
#include <lockstep/kernel.h>

static int cond;
static DECLARE_WAIT_QUEUE_HEAD(wq);
static DECLARE_COMPLETION(waiter_done);

static int waiter(void *arg)
{
	wait_event(wq, READ_ONCE(cond));
	complete(&waiter_done);
	return 0;
}

static int waker(void *arg)
{
	WRITE_ONCE(cond, 1);
#ifdef WAKE
	wake_up(&wq);
#endif
	return 0;
}

int main(void)
{
	kthread_run(waiter, NULL, "waiter");
	kthread_run(waker, NULL, "waker");
	wait_for_completion(&waiter_done);
	return 0;
}
