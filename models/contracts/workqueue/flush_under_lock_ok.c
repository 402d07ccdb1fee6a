/*
 * Contract (kernel/workqueue.c, __flush_work()): flush outside the lock the work function takes.
 * expect: ok
 */
#include <lockstep/kernel.h>

static DEFINE_MUTEX(dev_mutex);
static struct work_struct dev_work;
static DECLARE_COMPLETION(ran);

static void dev_work_fn(struct work_struct *w)
{
	mutex_lock(&dev_mutex);
	mutex_unlock(&dev_mutex);
	complete(&ran);
}

int main(void)
{
	INIT_WORK(&dev_work, dev_work_fn);
	schedule_work(&dev_work);
	wait_for_completion(&ran);
	flush_work(&dev_work);
	mutex_lock(&dev_mutex);
	mutex_unlock(&dev_mutex);
	return 0;
}
