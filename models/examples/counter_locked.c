/*
 * Two threads increment a shared counter under a spinlock; main waits for both and checks the total.
 * Every interleaving ends with counter == 2: verdict ok.
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(counter_lock);
static int counter;

static int incrementer(void *data)
{
	int v;

	spin_lock(&counter_lock);
	v = counter;
	counter = v + 1;
	spin_unlock(&counter_lock);
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
