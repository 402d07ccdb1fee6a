/*
 * lib/locking-selftest.c, the recursive read-lock and mixed read/write groups of locking_selftest():
 *   "recursive read-lock"            rlock_AA1 (SUCCESS)         rsem_AA1 (FAILURE)
 *   "recursive read-lock #2"         rlock_AA1B (SUCCESS)        rsem_AA1B (FAILURE)
 *   "mixed read-write-lock"          rlock_AA2 (FAILURE)         rsem_AA2 (FAILURE)
 *   "mixed write-read-lock"          rlock_AA3 (FAILURE)         rsem_AA3 (FAILURE)
 *   "mixed read-lock/lock-write ABBA"  rlock_ABBA1 (FAILURE)     rwsem_ABBA1 (FAILURE)
 *   "mixed read-lock/lock-read ABBA"   rlock_ABBA2 (SUCCESS)     rwsem_ABBA2 (FAILURE)
 *   "mixed write-lock/lock-write ABBA" rlock_ABBA3 (FAILURE)     rwsem_ABBA3 (FAILURE)
 *   "chain cached mixed R-L/L-W ABBA"  rlock_chaincache_ABBA1 (FAILURE)
 * read_lock() outside queued-rwlock's task-context rule is a recursive reader: a read-read self-dependency or a
 * cycle through a recursive read is no deadlock. down_read() is never recursive (a writer queued between two
 * readers blocks the second), so every rwsem case fails.
 * Instances: -D RWLOCK (the rlock_ tests: rwlock_t X, spinlock_t Y) or -D RWSEM (the rsem_ and rwsem_ tests: rw_semaphore X,
 * mutex Y) × -D AA1 AA1B AA2 AA3 ABBA1 ABBA2 ABBA3 CHAINCACHE_ABBA1 (rwlock only).
 */
#include <lockstep/kernel.h>

#if defined(RWLOCK)
static rwlock_t X1, X2;
static spinlock_t Y1;
#define RL(x) read_lock(&(x))
#define RU(x) read_unlock(&(x))
#define WL(x) write_lock(&(x))
#define WU(x) write_unlock(&(x))
#define YL(x) spin_lock(&(x))
#define YU(x) spin_unlock(&(x))
static void init_class_X(rwlock_t *lock) { rwlock_init(lock); }
static void init_class_Y(spinlock_t *lock) { spin_lock_init(lock); }
#elif defined(RWSEM)
static struct rw_semaphore X1, X2;
static struct mutex Y1;
#define RL(x) down_read(&(x))
#define RU(x) up_read(&(x))
#define WL(x) down_write(&(x))
#define WU(x) up_write(&(x))
#define YL(x) mutex_lock(&(x))
#define YU(x) mutex_unlock(&(x))
static void init_class_X(struct rw_semaphore *lock) { init_rwsem(lock); }
static void init_class_Y(struct mutex *lock) { mutex_init(lock); }
#else
#error "choose -D RWLOCK or -D RWSEM"
#endif

int main(void)
{
	/* init_shared_classes(): X1 and X2 share a class, Y1 has its own. */
	init_class_X(&X1);
	init_class_X(&X2);
	init_class_Y(&Y1);
#if defined(AA1)
	RL(X1);
	RL(X1);
	RU(X1);
	RU(X1);
#elif defined(AA1B)
	RL(X1);
	RL(X2);
	RU(X2);
	RU(X1);
#elif defined(AA2)
	RL(X1);
	WL(X2);
	WU(X2);
	RU(X1);
#elif defined(AA3)
	WL(X1);
	RL(X2);
	RU(X2);
	WU(X1);
#elif defined(ABBA1)
	RL(X1);
	YL(Y1);
	YU(Y1);
	RU(X1);

	YL(Y1);
	WL(X1);
	WU(X1);
	YU(Y1);
#elif defined(ABBA2)
	RL(X1);
	YL(Y1);
	YU(Y1);
	RU(X1);

	YL(Y1);
	RL(X1);
	RU(X1);
	YU(Y1);
#elif defined(ABBA3)
	WL(X1);
	YL(Y1);
	YU(Y1);
	WU(X1);

	YL(Y1);
	WL(X1);
	WU(X1);
	YU(Y1);
#elif defined(CHAINCACHE_ABBA1) && defined(RWLOCK)
	/* The Y1 -> X1(read) chain is cached first; the later Y1 -> X1(write) must still be validated. */
	RL(X1);
	YL(Y1);
	YU(Y1);
	RU(X1);

	YL(Y1);
	RL(X1);
	RU(X1);
	YU(Y1);

	YL(Y1);
	WL(X1);
	WU(X1);
	YU(Y1);
#else
#error "choose a scenario"
#endif
	return 0;
}
