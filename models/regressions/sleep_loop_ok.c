/*
 * The canonical sleep loop (include/linux/sched.h, the comment above set_current_state()):
 *
 *	for (;;) {
 *		set_current_state(TASK_UNINTERRUPTIBLE);
 *		if (CONDITION)
 *			break;
 *		schedule();
 *	}
 *	__set_current_state(TASK_RUNNING);
 *
 * The state is set before the condition is tested, so a waker that sets the condition and then calls
 * wake_up_process() either comes before the test (the waiter sees the condition) or after the state change
 * (the wake-up makes the waiter TASK_RUNNING and schedule() returns at once). No wake-up is lost.
 * Expected: ok.
 */
#include <lockstep/kernel.h>

static int cond;
static struct task_struct *waiter_task;
static DECLARE_COMPLETION(waiter_done);

static int waiter(void *arg)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(cond))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	complete(&waiter_done);
	return 0;
}

static int waker(void *arg)
{
	WRITE_ONCE(cond, 1);
	wake_up_process(waiter_task);
	return 0;
}

int main(void)
{
	waiter_task = kthread_run(waiter, NULL, "waiter");
	kthread_run(waker, NULL, "waker");
	wait_for_completion(&waiter_done);
	return 0;
}
