/*
 * Contract (kernel/sched/wait.c): wait_event() sleeps until a wake_up() on its queue after the condition became
 * true; setting the condition without waking the queue leaves an uninterruptible sleeper: hung task.
 * expect: deadlock thread=main at=L
 */
#include <lockstep/kernel.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int done;

static int setter(void *data)
{
	WRITE_ONCE(done, 1);
	return 0;
}

int main(void)
{
	kthread_run(setter, NULL, "setter");
	wait_event(wq, READ_ONCE(done)); /* @L */
	return 0;
}
