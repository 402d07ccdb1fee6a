/*
 * The same counter without the lock: both threads can read 0 and both write 1, so the final check
 * fails in some interleaving. Verdict: bug (assertion), at the assert in main.
 */
#include <lockstep/kernel.h>

static int counter;
static DECLARE_COMPLETION(done);

static int incrementer(void *data)
{
	int v;

	v = READ_ONCE(counter);
	WRITE_ONCE(counter, v + 1);
	complete(&done);
	return 0;
}

int main(void)
{
	kthread_run(incrementer, NULL, "inc-a");
	kthread_run(incrementer, NULL, "inc-b");

	wait_for_completion(&done);
	wait_for_completion(&done);
	assert(counter == 2);
	return 0;
}
