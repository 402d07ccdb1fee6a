/*
 * Contract (kernel/workqueue.c, start_flush_work(), v6.19): flush_work() on a queued or running work touches the
 * work's lockdep map before it waits; the kworker holds that map around the function. A work function that takes a
 * mutex its flusher holds is a circular dependency ((work_completion)(&dev_work) against dev_mutex), which lockdep
 * reports on whichever side closes it — before anything hangs.
 * expect: circular-locking
 * expect NO_LOCKDEP: deadlock
 */
#include <lockstep/kernel.h>

static DEFINE_MUTEX(dev_mutex);
static struct work_struct dev_work;

static void dev_work_fn(struct work_struct *w)
{
	mutex_lock(&dev_mutex);
	mutex_unlock(&dev_mutex);
}

int main(void)
{
	INIT_WORK(&dev_work, dev_work_fn);
	schedule_work(&dev_work);
	mutex_lock(&dev_mutex);
	flush_work(&dev_work);
	mutex_unlock(&dev_mutex);
	return 0;
}
