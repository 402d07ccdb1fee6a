/*
 * Two threads increment a shared counter under a spinlock; main waits for both (each completes `done` as its
 * last action: kthread_stop() would not do, it may stop a thread before it ever ran) and checks the total.
 * Every interleaving ends with counter == 2: verdict ok.
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(counter_lock);
static int counter;
static DECLARE_COMPLETION(done);

static int incrementer(void *data)
{
	int v;

	spin_lock(&counter_lock);
	v = counter;
	counter = v + 1;
	spin_unlock(&counter_lock);
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
