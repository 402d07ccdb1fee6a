/*
 * lib/locking-selftest.c, local_lock_tests(): local_lock_t is per CPU, so taking it with irqs on (IRQ-ON) while a
 * hardirq-safe spinlock_t is taken around it elsewhere is no inversion — lockdep does not count the local_lock's
 * IRQ-ON usage (its dep_map is LD_LOCK_PERCPU; kernel/locking/lockdep.c) — but a real spinlock_t taken under it
 * with irqs on still is.
 *   "local_lock inversion  2"  local_lock_2   SUCCESS
 *   "local_lock inversion 3A"  local_lock_3A  SUCCESS
 *   "local_lock inversion 3B"  local_lock_3B  FAILURE
 * Instances: -D local_lock_2, local_lock_3A or local_lock_3B.
 */
#include <lockstep/kernel.h>

static local_lock_t local_A = INIT_LOCAL_LOCK(local_A);
static DEFINE_SPINLOCK(lock_A);
static DEFINE_SPINLOCK(lock_B);

/* The IN-IRQ use of lock_A, then lock_A -> local_A with irqs off: a cycle only if local_lock()'s IRQ-ON counted. */
static void lock_A_in_irq_then_local_A_under_it(void)
{
	hardirq_enter();
	spin_lock(&lock_A);
	spin_unlock(&lock_A);
	hardirq_exit();

	local_irq_disable();
	spin_lock(&lock_A);
	local_lock(&local_A);
	local_unlock(&local_A);
	spin_unlock(&lock_A);
	local_irq_enable();
}

int main(void)
{
#if defined(local_lock_2)
	local_lock(&local_A);	/* IRQ-ON */
	local_unlock(&local_A);
	lock_A_in_irq_then_local_A_under_it();
#elif defined(local_lock_3A) || defined(local_lock_3B)
	local_lock(&local_A);	/* IRQ-ON */
	spin_lock(&lock_B);	/* IRQ-ON, and local_A -> lock_B */
	spin_unlock(&lock_B);
	local_unlock(&local_A);
	lock_A_in_irq_then_local_A_under_it();
#if defined(local_lock_3B)
	/* lock_A (IN-IRQ) -> lock_B (IRQ-ON): a real inversion. */
	local_irq_disable();
	spin_lock(&lock_A);
	spin_lock(&lock_B);
	spin_unlock(&lock_B);
	spin_unlock(&lock_A);
	/* The kernel's local_lock_3B ends with a second HARDIRQ_DISABLE() here, a slip that leaves irqs off after
	 * the report; it does not change what lockdep reports. */
	local_irq_enable();
#endif
#else
#error "choose a test: -D local_lock_2, local_lock_3A or local_lock_3B"
#endif
	return 0;
}
