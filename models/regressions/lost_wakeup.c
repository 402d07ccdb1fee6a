/*
 * The lost wake-up (issue 15). The waiter tests its condition and only then sets its task state: a waker that
 * sets the condition and calls wake_up_process() in between finds the waiter still TASK_RUNNING (try_to_wake_up()
 * in kernel/sched/core.c does nothing for a running task), and the waiter then sleeps in TASK_UNINTERRUPTIBLE
 * with no one left to wake it. The kernel's rule (include/linux/sched.h, above set_current_state()) is to set the
 * state first and test the condition after it; see sleep_loop_ok.c. With -D STORE_IN_WINDOW the waiter also makes
 * a visible store between its test and set_current_state(), which the wake-up is independent of.
 * Expected: a hung task (deadlock: main on wait_for_completion(), waiter on schedule() in TASK_UNINTERRUPTIBLE).
 */
#include <lockstep/kernel.h>

static int cond;
static int noise;
static struct task_struct *waiter_task;
static DECLARE_COMPLETION(waiter_done);

static int waiter(void *arg)
{
	while (!READ_ONCE(cond)) {
#ifdef STORE_IN_WINDOW
		WRITE_ONCE(noise, 1);
#endif
		set_current_state(TASK_UNINTERRUPTIBLE);	/* after the test: a wake-up in between is lost */
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
