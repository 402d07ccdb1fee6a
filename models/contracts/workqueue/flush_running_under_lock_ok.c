/*
 * Contract (kernel/workqueue.c, start_flush_work(), v6.19): the fix for flush_running_under_lock_bug.c — drop the
 * mutex the work function takes before flushing the work.
 * expect: ok
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
	mutex_unlock(&dev_mutex);
	flush_work(&dev_work);
	return 0;
}
