/*
 * Contract (include/linux/rcuwait.h): set the condition, then rcuwait_wake_up() (which implies the barrier).
 * expect: ok
 */
#include <lockstep/kernel.h>

static struct rcuwait w = __RCUWAIT_INITIALIZER(w);
static int done;

static int waker(void *data)
{
	WRITE_ONCE(done, 1);
	rcuwait_wake_up(&w);
	return 0;
}

int main(void)
{
	kthread_run(waker, NULL, "waker");
	rcuwait_wait_event(&w, READ_ONCE(done), TASK_UNINTERRUPTIBLE);
	return 0;
}
