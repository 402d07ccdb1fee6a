/*
 * A spinlock_t taken inside a raw_spinlock_t. With CONFIG_PROVE_RAW_LOCK_NESTING lockdep reports
 * "[ BUG: Invalid wait context ]": on PREEMPT_RT the inner lock would sleep inside a spinning one.
 */
#include <lockstep/kernel.h>

static DEFINE_RAW_SPINLOCK(hw_lock);
static DEFINE_SPINLOCK(list_lock);
static int items;

static int poller(void *data)
{
	raw_spin_lock(&hw_lock);
	spin_lock(&list_lock);
	items = items + 1;
	spin_unlock(&list_lock);
	raw_spin_unlock(&hw_lock);
	return 0;
}

int main(void)
{
	kthread_run(poller, NULL, "poller");
	return 0;
}
