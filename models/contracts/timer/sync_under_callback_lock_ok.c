/*
 * Contract (kernel/time/timer.c): delete the timer synchronously before taking the lock its callback takes.
 * expect: ok
 * expect NO_LOCKDEP: ok
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(dev_lock);
static struct timer_list dev_timer;
static DECLARE_COMPLETION(fired);

static void dev_timeout(struct timer_list *t)
{
	spin_lock(&dev_lock);
	spin_unlock(&dev_lock);
	complete(&fired);
}

int main(void)
{
	timer_setup(&dev_timer, dev_timeout, 0);
	mod_timer(&dev_timer, jiffies + HZ);
	wait_for_completion(&fired);
	del_timer_sync(&dev_timer);
	spin_lock_bh(&dev_lock);
	spin_unlock_bh(&dev_lock);
	return 0;
}
