/*
 * Contract (kernel/sched/wait.c): set the condition, then wake_up() the queue; wake_up_process() of the waiter
 * also makes it re-test its condition.
 * expect: ok
 */
#include <lockstep/kernel.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int done;

static int setter(void *data)
{
	WRITE_ONCE(done, 1);
	wake_up(&wq);
	return 0;
}

int main(void)
{
	kthread_run(setter, NULL, "setter");
	wait_event(wq, READ_ONCE(done));
	return 0;
}
