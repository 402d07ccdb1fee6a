/*
 * Contract (kernel/kthread.c, kthread()): wait for what the thread function does before stopping it; a stop before
 * the first run then cannot happen. kthread_create() + kthread_bind() + wake_up_process() is kthread_run().
 * expect: ok
 */
#include <lockstep/kernel.h>

static DECLARE_COMPLETION(started);

static int worker(void *data)
{
	complete(&started);
	while (!kthread_should_stop())
		cond_resched();
	return 7;
}

int main(void)
{
	struct task_struct *t = kthread_create(worker, NULL, "worker");

	kthread_bind(t, 0);
	wake_up_process(t);
	wait_for_completion(&started);
	assert(kthread_stop(t) == 7);
	return 0;
}
