/*
 * lib/locking-selftest.c, hardirq_deadlock_softirq_not_deadlock() ("hardirq_unsafe_softirq_safe", FAILURE): a safe
 * -> unsafe path must be judged per irq type. mutex_A -> lock_C -> lock_D goes softirq-unsafe -> softirq-safe, no
 * deadlock; lock_A -> lock_B -> lock_C -> lock_D goes hardirq-safe -> hardirq-unsafe, which lockdep reports when
 * lock_C -> lock_D is added (kernel/locking/lockdep.c, check_irq_usage()).
 * One instance, no choices.
 */
#include <lockstep/kernel.h>

static DEFINE_MUTEX(mutex_A);
static DEFINE_SPINLOCK(lock_A);
static DEFINE_SPINLOCK(lock_B);
static DEFINE_SPINLOCK(lock_C);
static DEFINE_SPINLOCK(lock_D);

int main(void)
{
	/* mutex_A is hardirq-unsafe and softirq-unsafe; mutex_A -> lock_C */
	mutex_lock(&mutex_A);
	local_irq_disable();
	spin_lock(&lock_C);
	spin_unlock(&lock_C);
	local_irq_enable();
	mutex_unlock(&mutex_A);

	/* lock_A is hardirq-safe */
	hardirq_enter();
	spin_lock(&lock_A);
	spin_unlock(&lock_A);
	hardirq_exit();

	/* lock_A -> lock_B */
	local_irq_disable();
	spin_lock(&lock_A);
	spin_lock(&lock_B);
	spin_unlock(&lock_B);
	spin_unlock(&lock_A);
	local_irq_enable();

	/* lock_B -> lock_C */
	local_irq_disable();
	spin_lock(&lock_B);
	spin_lock(&lock_C);
	spin_unlock(&lock_C);
	spin_unlock(&lock_B);
	local_irq_enable();

	/* lock_D is softirq-safe */
	local_bh_disable();
	softirq_enter();
	spin_lock(&lock_D);
	spin_unlock(&lock_D);
	softirq_exit();
	local_bh_enable();

	/* and hardirq-unsafe */
	local_bh_disable();
	spin_lock(&lock_D);
	spin_unlock(&lock_D);
	local_bh_enable();

	/* lock_C -> lock_D: hardirq-safe lock_A ... -> hardirq-unsafe lock_D */
	local_irq_disable();
	spin_lock(&lock_C);
	spin_lock(&lock_D);
	spin_unlock(&lock_D);
	spin_unlock(&lock_C);
	local_irq_enable();
	return 0;
}
