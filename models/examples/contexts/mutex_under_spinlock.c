/*
 * A mutex taken while a spinlock is held: mutex_lock() may sleep, and spin_lock() disabled preemption.
 * The kernel reports "BUG: sleeping function called from invalid context" (in_atomic(): 1).
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(state_lock);
static DEFINE_MUTEX(config_mutex);
static int state;

static int updater(void *data)
{
	spin_lock(&state_lock);
	mutex_lock(&config_mutex);
	state = 1;
	mutex_unlock(&config_mutex);
	spin_unlock(&state_lock);
	return 0;
}

int main(void)
{
	kthread_run(updater, NULL, "updater");
	return 0;
}
