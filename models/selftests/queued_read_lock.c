/*
 * lib/locking-selftest.c, queued_read_lock_tests() (run when CONFIG_QUEUED_RWLOCKS, after force_read_lock_recursive
 * is cleared): with queued rwlocks a read_lock() in task context is a plain (non-recursive) reader — it waits behind
 * a queued writer — while a read_lock() in irq context stays recursive (kernel/locking/qrwlock.c,
 * queued_read_lock_slowpath(); lockdep's read_lock_is_recursive()).
 *   "hardirq read-lock/lock-read"  queued_read_lock_hardirq_RE_Er      FAILURE
 *   "hardirq lock-read/read-lock"  queued_read_lock_hardirq_ER_rE      SUCCESS
 *   "hardirq inversion"            queued_read_lock_hardirq_inversion  FAILURE
 * LOCK(B) here is write_lock(&rwlock_B): the self-test's last lock-type header before these tests is
 * locking-selftest-wlock.h.
 * Instances: -D RE_Er, ER_rE or inversion, each with --config QUEUED_RWLOCKS.
 */
#include <lockstep/kernel.h>

static DEFINE_RWLOCK(rwlock_A);
static DEFINE_RWLOCK(rwlock_B);

#define LOCK(x) write_lock(&rwlock_##x)
#define UNLOCK(x) write_unlock(&rwlock_##x)

int main(void)
{
#if defined(RE_Er)
	/* In the irq: read_lock(A) then B.  In the task, irqs off: B then read_lock(A), a non-recursive reader. */
	hardirq_enter();
	read_lock(&rwlock_A);
	LOCK(B);
	UNLOCK(B);
	read_unlock(&rwlock_A);
	hardirq_exit();

	local_irq_disable();
	LOCK(B);
	read_lock(&rwlock_A);
	read_unlock(&rwlock_A);
	UNLOCK(B);
	local_irq_enable();
#elif defined(ER_rE)
	/* In the irq: B then read_lock(A), a recursive reader.  In the task: read_lock(A) then B — no deadlock. */
	hardirq_enter();
	LOCK(B);
	read_lock(&rwlock_A);
	read_unlock(&rwlock_A);
	UNLOCK(B);
	hardirq_exit();

	local_irq_disable();
	read_lock(&rwlock_A);
	LOCK(B);
	UNLOCK(B);
	read_unlock(&rwlock_A);
	local_irq_enable();
#elif defined(inversion)
	/* B is hardirq-safe; B -> A(read); then A read with irqs on: both read_lock()s are non-recursive readers. */
	hardirq_enter();
	LOCK(B);
	UNLOCK(B);
	hardirq_exit();

	local_irq_disable();
	LOCK(B);
	read_lock(&rwlock_A);
	read_unlock(&rwlock_A);
	UNLOCK(B);
	local_irq_enable();

	read_lock(&rwlock_A);
	read_unlock(&rwlock_A);
#else
#error "choose a test: -D RE_Er, ER_rE or inversion"
#endif
	return 0;
}
