/*
 * lib/locking-selftest.c, the irq-context groups of locking_selftest(): a lock used in irq context (irq-safe) and
 * with that irq enabled (irq-unsafe), directly or through a dependency, is lockdep's "inconsistent lock state" or
 * "irq lock inversion"; a recursive read_lock() taken in the irq cannot deadlock against a reader, so the rlock
 * variants pass (force_read_lock_recursive is set for these groups).
 *   "irqs-on + irq-safe-A"     DO_TESTCASE_2x6  irqsafe1_{hard,soft}_{spin,wlock,rlock}_{12,21}
 *   "sirq-safe-A => hirqs-on"  DO_TESTCASE_2x3  irqsafe2A_{spin,wlock,rlock}_{12,21}        (SOFTIRQ only)
 *   "safe-A + irqs-on"         DO_TESTCASE_2x6  irqsafe2B_{hard,soft}_{spin,wlock,rlock}_{12,21}
 *   "safe-A + unsafe-B #1"     DO_TESTCASE_6x6  irqsafe3_{hard,soft}_{spin,wlock,rlock}_<order>
 *   "safe-A + unsafe-B #2"     DO_TESTCASE_6x6  irqsafe4_{hard,soft}_{spin,wlock,rlock}_<order>
 *   "irq lock-inversion"       DO_TESTCASE_6x6RW irq_inversion_{hard,soft}_{spin,wlock,rlock}_<order>
 *   "irq read-recursion"       DO_TESTCASE_6x2x2RW irq_read_recursion_{hard,soft}_{wlock,rlock}_<order>
 *   "irq read-recursion #2"    DO_TESTCASE_6x2x2RW irq_read_recursion2_{hard,soft}_{wlock,rlock}_<order>
 *   "irq read-recursion #3"    DO_TESTCASE_6x2x2RW irq_read_recursion3_{hard,soft}_{wlock,rlock}_<order>
 * DO_TESTCASE_3/3RW: spin and wlock FAILURE, rlock SUCCESS; DO_TESTCASE_2RW: wlock FAILURE, rlock SUCCESS.
 * As locking-selftest-{spin,wlock,rlock}.h do, LOCK(x) is spin_lock(&lock_x), write_lock(&rwlock_x) or
 * read_lock(&rwlock_x); WL/RL always name rwlock_x and L/U always lock_x.
 * Instances: -D HARDIRQ or SOFTIRQ × -D LOCK_spin, LOCK_wlock or LOCK_rlock × -D <group> × -D ORDER_<events>.
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(lock_A);
static DEFINE_SPINLOCK(lock_B);
static DEFINE_RWLOCK(rwlock_A);
static DEFINE_RWLOCK(rwlock_B);

#define L(x) spin_lock(&lock_##x)
#define U(x) spin_unlock(&lock_##x)
#define WL(x) write_lock(&rwlock_##x)
#define WU(x) write_unlock(&rwlock_##x)
#define RL(x) read_lock(&rwlock_##x)
#define RU(x) read_unlock(&rwlock_##x)

#if defined(LOCK_spin)
#define LOCK(x) L(x)
#define UNLOCK(x) U(x)
#elif defined(LOCK_wlock)
#define LOCK(x) WL(x)
#define UNLOCK(x) WU(x)
#elif defined(LOCK_rlock)
#define LOCK(x) RL(x)
#define UNLOCK(x) RU(x)
#else
#error "choose a lock type: -D LOCK_spin, LOCK_wlock or LOCK_rlock"
#endif

/* HARDIRQ_ENTER()/SOFTIRQ_ENTER() and HARDIRQ_DISABLE()/SOFTIRQ_DISABLE() of the self-test. */
#define HARDIRQ_ENTER() hardirq_enter()
#define HARDIRQ_EXIT() hardirq_exit()
#define HARDIRQ_DISABLE() local_irq_disable()
#define HARDIRQ_ENABLE() local_irq_enable()
#define SOFTIRQ_ENTER() do { local_bh_disable(); softirq_enter(); } while (0)
#define SOFTIRQ_EXIT() do { softirq_exit(); local_bh_enable(); } while (0)
#define SOFTIRQ_DISABLE() local_bh_disable()
#define SOFTIRQ_ENABLE() local_bh_enable()

#if defined(HARDIRQ)
#define IRQ_ENTER() HARDIRQ_ENTER()
#define IRQ_EXIT() HARDIRQ_EXIT()
#define IRQ_DISABLE() HARDIRQ_DISABLE()
#define IRQ_ENABLE() HARDIRQ_ENABLE()
#elif defined(SOFTIRQ)
#define IRQ_ENTER() SOFTIRQ_ENTER()
#define IRQ_EXIT() SOFTIRQ_EXIT()
#define IRQ_DISABLE() SOFTIRQ_DISABLE()
#define IRQ_ENABLE() SOFTIRQ_ENABLE()
#else
#error "choose -D HARDIRQ or -D SOFTIRQ"
#endif

#if defined(irqsafe1)
/* Locking an irq-safe lock with irqs enabled. */
static void E1(void) { IRQ_ENTER(); LOCK(A); UNLOCK(A); IRQ_EXIT(); }
static void E2(void) { LOCK(A); UNLOCK(A); }
#elif defined(irqsafe2A) && defined(SOFTIRQ)
/* Enabling hardirqs with a softirq-safe lock held. */
static void E1(void) { SOFTIRQ_ENTER(); LOCK(A); UNLOCK(A); SOFTIRQ_EXIT(); }
static void E2(void) { HARDIRQ_DISABLE(); LOCK(A); HARDIRQ_ENABLE(); UNLOCK(A); }
#elif defined(irqsafe2B)
/* Enabling irqs with an irq-safe lock held. */
static void E1(void) { IRQ_ENTER(); LOCK(A); UNLOCK(A); IRQ_EXIT(); }
static void E2(void) { IRQ_DISABLE(); LOCK(A); IRQ_ENABLE(); UNLOCK(A); }
#elif defined(irqsafe3)
/* Acquiring an irq-unsafe lock while holding an irq-safe lock. */
static void E1(void) { LOCK(A); LOCK(B); UNLOCK(B); UNLOCK(A); }
static void E2(void) { LOCK(B); UNLOCK(B); }
static void E3(void) { IRQ_ENTER(); LOCK(A); UNLOCK(A); IRQ_EXIT(); }
#elif defined(irqsafe4)
/* A lock turns irq-safe after it took an irq-unsafe lock. */
static void E1(void) { IRQ_DISABLE(); LOCK(A); LOCK(B); UNLOCK(B); UNLOCK(A); IRQ_ENABLE(); }
static void E2(void) { LOCK(B); UNLOCK(B); }
static void E3(void) { IRQ_ENTER(); LOCK(A); UNLOCK(A); IRQ_EXIT(); }
#elif defined(irq_inversion)
/* read-lock / write-lock irq inversion: A is always an rwlock, read in the irq. */
static void E1(void) { IRQ_DISABLE(); WL(A); LOCK(B); UNLOCK(B); WU(A); IRQ_ENABLE(); }
static void E2(void) { LOCK(B); UNLOCK(B); }
static void E3(void) { IRQ_ENTER(); RL(A); RU(A); IRQ_EXIT(); }
#elif defined(irq_read_recursion) && !defined(LOCK_spin)
/* read-lock / write-lock recursion that is actually safe (for the rlock variant). */
static void E1(void) { IRQ_DISABLE(); WL(A); WU(A); IRQ_ENABLE(); }
static void E2(void) { RL(A); RU(A); }
static void E3(void) { IRQ_ENTER(); LOCK(A); L(B); U(B); UNLOCK(A); IRQ_EXIT(); }
#elif defined(irq_read_recursion2) && !defined(LOCK_spin)
static void E1(void) { IRQ_DISABLE(); L(B); LOCK(A); UNLOCK(A); U(B); IRQ_ENABLE(); }
static void E2(void) { RL(A); RU(A); }
static void E3(void) { IRQ_ENTER(); L(B); U(B); IRQ_EXIT(); }
#elif defined(irq_read_recursion3) && !defined(LOCK_spin)
/* A is ENABLED_*_READ, B is USED_IN_*_READ: write_lock(A) under B closes the cycle, read_lock(A) does not. */
static void E1(void) { IRQ_DISABLE(); WL(B); LOCK(A); UNLOCK(A); WU(B); IRQ_ENABLE(); }
static void E2(void) { RL(A); RU(A); }
static void E3(void) { IRQ_ENTER(); RL(B); RU(B); IRQ_EXIT(); }
#else
#error "choose a group: -D irqsafe1, irqsafe2A (SOFTIRQ), irqsafe2B, irqsafe3, irqsafe4, irq_inversion, irq_read_recursion[23] (wlock, rlock)"
#endif

#include "orders.h"

int main(void)
{
	run_events();
	return 0;
}
