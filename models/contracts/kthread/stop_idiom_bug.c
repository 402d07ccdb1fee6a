/*
 * Contract (kernel/kthread.c, kthread_stop()): it sets the stop flag and wakes the thread, but a thread sleeping
 * uninterruptibly on a condition that ignores kthread_should_stop() goes back to sleep: kthread_stop() waits for
 * its exit forever.
 * expect: deadlock
 */
#include <lockstep/kernel.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int work;

static int daemon_fn(void *data)
{
	while (!kthread_should_stop()) {
		wait_event(wq, READ_ONCE(work));
		WRITE_ONCE(work, 0);
	}
	return 0;
}

int main(void)
{
	struct task_struct *t = kthread_run(daemon_fn, NULL, "daemon");

	kthread_stop(t);
	return 0;
}
