/*
 * Contract (kernel/time/timer.c, __timer_delete_sync()): on PREEMPT_RT it must be called preemptible
 * (lockdep_assert_preemption_enabled(); the slow path sleeps on the base's expiry lock); a raw_spinlock_t holder
 * is not. On !PREEMPT_RT spinning there is legal.
 * expect: ok
 * expect PREEMPT_RT: sleep-in-atomic thread=main
 */
#include <lockstep/kernel.h>

static DEFINE_RAW_SPINLOCK(dev_lock);
static struct timer_list dev_timer;
static int ticks;

static void dev_timeout(struct timer_list *t)
{
	ticks++;
}

int main(void)
{
	timer_setup(&dev_timer, dev_timeout, 0);
	mod_timer(&dev_timer, jiffies + HZ);
	raw_spin_lock(&dev_lock);
	del_timer_sync(&dev_timer);
	raw_spin_unlock(&dev_lock);
	return 0;
}
