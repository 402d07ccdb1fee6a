/*
 * Contract (kernel/workqueue.c, start_flush_work(), v6.19): flush_work() touches the work's lockdep map only when
 * the work is queued or running; an idle work's flush under a mutex its function takes records nothing and cannot
 * deadlock. (The same model naming v6.8 is flush_idle_under_lock_bug.c.)
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
	flush_work(&dev_work);
	mutex_lock(&dev_mutex);
	flush_work(&dev_work);
	mutex_unlock(&dev_mutex);
	return 0;
}
