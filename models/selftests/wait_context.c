/*
 * lib/locking-selftest.c, wait_context_tests() (run with PROVE_RAW_LOCK_NESTING): in a context (task, hard irq, soft
 * irq, an RCU read side of each flavour, or under a raw_spinlock_t, spinlock_t or mutex) take a lock or enter a read
 * side whose wait type may exceed the context's: lockdep's "Invalid wait context" (kernel/locking/lockdep.c,
 * check_wait_context()); a sleeping lock where sleeping is forbidden is __might_sleep()'s report first.
 * Instances: -D OUTER_<context> -D INNER_<lock>.
 */
#include <lockstep/kernel.h>

static DEFINE_RAW_SPINLOCK(raw_lock_A);
static DEFINE_RAW_SPINLOCK(raw_lock_B);
static DEFINE_SPINLOCK(lock_A);
static DEFINE_SPINLOCK(lock_B);
static DEFINE_MUTEX(mutex_A);
static DEFINE_MUTEX(mutex_B);

#if defined(OUTER_task)
#define OUTER_ENTER() do { } while (0)
#define OUTER_EXIT() do { } while (0)
#elif defined(OUTER_hardirq)
#define OUTER_ENTER() hardirq_enter()
#define OUTER_EXIT() hardirq_exit()
#elif defined(OUTER_softirq)
#define OUTER_ENTER() do { local_bh_disable(); softirq_enter(); } while (0)
#define OUTER_EXIT() do { softirq_exit(); local_bh_enable(); } while (0)
#elif defined(OUTER_RCU)
#define OUTER_ENTER() rcu_read_lock()
#define OUTER_EXIT() rcu_read_unlock()
#elif defined(OUTER_RCU_BH)
#define OUTER_ENTER() rcu_read_lock_bh()
#define OUTER_EXIT() rcu_read_unlock_bh()
#elif defined(OUTER_RCU_SCHED)
#define OUTER_ENTER() rcu_read_lock_sched()
#define OUTER_EXIT() rcu_read_unlock_sched()
#elif defined(OUTER_raw_spinlock)
#define OUTER_ENTER() raw_spin_lock(&raw_lock_A)
#define OUTER_EXIT() raw_spin_unlock(&raw_lock_A)
#elif defined(OUTER_spinlock)
#define OUTER_ENTER() spin_lock(&lock_A)
#define OUTER_EXIT() spin_unlock(&lock_A)
#elif defined(OUTER_mutex)
#define OUTER_ENTER() mutex_lock(&mutex_A)
#define OUTER_EXIT() mutex_unlock(&mutex_A)
#else
#error "choose an outer context"
#endif

#if defined(INNER_RCU)
#define INNER() do { rcu_read_lock(); rcu_read_unlock(); } while (0)
#elif defined(INNER_RCU_BH)
#define INNER() do { rcu_read_lock_bh(); rcu_read_unlock_bh(); } while (0)
#elif defined(INNER_RCU_SCHED)
#define INNER() do { rcu_read_lock_sched(); rcu_read_unlock_sched(); } while (0)
#elif defined(INNER_raw_spinlock)
#define INNER() do { raw_spin_lock(&raw_lock_B); raw_spin_unlock(&raw_lock_B); } while (0)
#elif defined(INNER_spinlock)
#define INNER() do { spin_lock(&lock_B); spin_unlock(&lock_B); } while (0)
#elif defined(INNER_mutex)
#define INNER() do { mutex_lock(&mutex_B); mutex_unlock(&mutex_B); } while (0)
#else
#error "choose an inner lock"
#endif

int main(void)
{
	OUTER_ENTER();
	INNER();
	OUTER_EXIT();
	return 0;
}
