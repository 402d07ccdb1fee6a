/*
 * The seed's first bug in miniature: a non-blockable section (non_block_start(), as
 * __mmu_notifier_invalidate_range_start() puts around callbacks of the OOM reaper) takes a spinlock_t.
 * Fine without PREEMPT_RT; with it, "BUG: sleeping function called from invalid context ... non_block: 1";
 * with the proposed RTLOCK_IN_NON_BLOCK scheduler change, RT spinlocks pass again but a mutex does not.
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(mn_invalidate_lock);
static DEFINE_MUTEX(slots_lock);
static unsigned long mn_active_invalidate_count;

static int reaper(void *data)
{
	non_block_start();
	spin_lock(&mn_invalidate_lock);
	mn_active_invalidate_count++;
	spin_unlock(&mn_invalidate_lock);
#ifdef TAKE_MUTEX
	mutex_lock(&slots_lock);
	mutex_unlock(&slots_lock);
#endif
	non_block_end();
	return 0;
}

int main(void)
{
	kthread_run(reaper, NULL, "oom_reaper");
	return 0;
}
