/*
 * Contract (include/linux/rcuwait.h): the waker must make the condition visible before it looks for the waiter;
 * sampling rcuwait_active() first loses the wake-up of a waiter that publishes itself in between: hung task.
 * expect: deadlock thread=main
 */
#include <lockstep/kernel.h>

static struct rcuwait w = __RCUWAIT_INITIALIZER(w);
static int done;

static int waker(void *data)
{
	int waiting = rcuwait_active(&w);

	WRITE_ONCE(done, 1);
	if (waiting)
		rcuwait_wake_up(&w);
	return 0;
}

int main(void)
{
	kthread_run(waker, NULL, "waker");
	rcuwait_wait_event(&w, READ_ONCE(done), TASK_UNINTERRUPTIBLE);
	return 0;
}
