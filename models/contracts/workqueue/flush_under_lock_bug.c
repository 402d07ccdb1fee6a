/*
 * Contract (kernel/workqueue.c, __flush_work()): flushing a work while holding a lock its function takes can
 * deadlock; lockdep sees it through the work's lockdep map once the work has run once under that lock order.
 * Here the first run completes before the flush, so the system does not hang: only lockdep's prediction fires.
 * expect: circular-locking thread=main
 * expect NO_LOCKDEP: ok
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
	mutex_lock(&dev_mutex);
	flush_work(&dev_work);
	mutex_unlock(&dev_mutex);
	return 0;
}
