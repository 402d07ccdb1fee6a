/*
 * Contract (kernel/kthread.c, kthread_stop()): set_bit(KTHREAD_SHOULD_STOP) then wake_up_process(): the standard
 * idiom — an interruptible wait whose condition includes kthread_should_stop() — ends. (Issue 16's reproducer:
 * "blocked forever" before.)
 * expect: ok
 */
#include <lockstep/kernel.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int work;

static int daemon_fn(void *data)
{
	while (!kthread_should_stop()) {
		wait_event_interruptible(wq, READ_ONCE(work) || kthread_should_stop());
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
