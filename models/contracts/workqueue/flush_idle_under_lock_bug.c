/*
 * Contract (kernel/workqueue.c, __flush_work(), Linux v6.8): before v6.9 flush_work() took and released the work's
 * lockdep map whether or not the work was queued, so flushing an idle work under a mutex its function takes is
 * reported as a circular dependency once the function has run under that mutex's order. (Since v6.9 the map is
 * touched only when the flush waits: see flush_idle_under_lock_ok.c, the same model under v6.19.)
 * lockstep-kernel: v6.8
 * expect: circular-locking thread=main
 * expect NO_LOCKDEP: ok
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
