/* The lock types of lib/locking-selftest.c, chosen with -D: LOCK_spin, LOCK_wlock, LOCK_rlock, LOCK_mutex,
 * LOCK_wsem, LOCK_rsem, LOCK_rtmutex. As the self-test's init_shared_classes() does, the locks X1 and X2 share one
 * class (initialised at one site, init_class_X()), and A, B, C, D each have their own. */
#pragma once
#include <lockstep/kernel.h>

#if defined(LOCK_spin)
typedef spinlock_t selftest_lock_t;
#define INIT(x) spin_lock_init(x)
#define LOCK(x) spin_lock(&(x))
#define UNLOCK(x) spin_unlock(&(x))
#elif defined(LOCK_wlock)
typedef rwlock_t selftest_lock_t;
#define INIT(x) rwlock_init(x)
#define LOCK(x) write_lock(&(x))
#define UNLOCK(x) write_unlock(&(x))
#elif defined(LOCK_rlock)
typedef rwlock_t selftest_lock_t;
#define INIT(x) rwlock_init(x)
#define LOCK(x) read_lock(&(x))
#define UNLOCK(x) read_unlock(&(x))
#elif defined(LOCK_mutex)
typedef struct mutex selftest_lock_t;
#define INIT(x) mutex_init(x)
#define LOCK(x) mutex_lock(&(x))
#define UNLOCK(x) mutex_unlock(&(x))
#elif defined(LOCK_wsem)
typedef struct rw_semaphore selftest_lock_t;
#define INIT(x) init_rwsem(x)
#define LOCK(x) down_write(&(x))
#define UNLOCK(x) up_write(&(x))
#elif defined(LOCK_rsem)
typedef struct rw_semaphore selftest_lock_t;
#define INIT(x) init_rwsem(x)
#define LOCK(x) down_read(&(x))
#define UNLOCK(x) up_read(&(x))
#elif defined(LOCK_rtmutex)
typedef struct rt_mutex selftest_lock_t;
#define INIT(x) rt_mutex_init(x)
#define LOCK(x) rt_mutex_lock(&(x))
#define UNLOCK(x) rt_mutex_unlock(&(x))
#else
#error "choose a lock type: -D LOCK_spin, LOCK_wlock, LOCK_rlock, LOCK_mutex, LOCK_wsem, LOCK_rsem or LOCK_rtmutex"
#endif

static selftest_lock_t X1, X2, A, B, C, D;

static void init_class_X(selftest_lock_t *lock) { INIT(lock); }
static void init_class_A(selftest_lock_t *lock) { INIT(lock); }
static void init_class_B(selftest_lock_t *lock) { INIT(lock); }
static void init_class_C(selftest_lock_t *lock) { INIT(lock); }
static void init_class_D(selftest_lock_t *lock) { INIT(lock); }

static void init_shared_classes(void)
{
	init_class_X(&X1);
	init_class_X(&X2);
	init_class_A(&A);
	init_class_B(&B);
	init_class_C(&C);
	init_class_D(&D);
}

/* LOCK_UNLOCK_2(x, y): lock x, lock y, unlock y, unlock x. */
#define LU2(x, y) do { LOCK(x); LOCK(y); UNLOCK(y); UNLOCK(x); } while (0)
