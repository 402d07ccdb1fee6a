/*
 * The same counter without the lock: both threads can read 0 and both write 1, so the final check
 * fails in some interleaving. Verdict: bug (assertion), at the assert in main.
 */
#include <lockstep/kernel.h>

static int counter;

static int incrementer(void *data)
{
	int v;

	v = READ_ONCE(counter);
	WRITE_ONCE(counter, v + 1);
	return 0;
}

int main(void)
{
	struct task_struct *a = kthread_run(incrementer, NULL, "inc-a");
	struct task_struct *b = kthread_run(incrementer, NULL, "inc-b");

	kthread_stop(a);
	kthread_stop(b);
	assert(counter == 2);
	return 0;
}
