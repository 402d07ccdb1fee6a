/*
 * lib/locking-selftest.c, ww_tests(): the wound/wait mutex API checks (DEBUG_WW_MUTEXES and lockdep), with the
 * self-test's shorthands WWAI = ww_acquire_init(&t, &ww_lockdep), WWAD = ww_acquire_done, WWAF = ww_acquire_fini,
 * WWL = ww_mutex_lock, WWL1(o) = ww_mutex_lock(o, NULL), WWT(o) = ww_mutex_trylock(o, NULL), WWU = ww_mutex_unlock,
 * and ww_mutex_base_lock() & co. = the plain mutex calls on o.base (the !PREEMPT_RT definitions).
 * The instances are the ww_test_<name> functions; cases.tsv gives each the kernel's SUCCESS or FAILURE. spin_block
 * and spin_context take a ww_mutex under a spinlock_t: the kernel's self-test runs at boot, before __might_sleep()
 * checks anything, so its FAILURE is lockdep's circular A -> o -> A; a model runs as a task, where
 * __might_sleep()'s report comes first (as in wait_context.c).
 * The tests that forge the ww_mutex's state (o.ctx = &t2, t.acquired = 0, t.ww_class = NULL, t2 = t; t2.stamp--)
 * write the same fields of the model's structs (models/include/linux/ww_mutex.h keeps the kernel's field names).
 * Where the kernel passes &o2.base.dep_map to mutex_release()/mutex_acquire(), a model passes &o2.base: in the model
 * a lock is its own lockdep map (linux/lockdep.h).
 * Instances: -D <name> (fail_acquire, normal, unneeded_slow, two_contexts, diff_class, context_done_twice,
 * context_unlock_twice, context_fini_early, context_lock_after_done, object_unlock_twice, object_lock_unbalanced,
 * object_lock_stale_context, edeadlk_normal, edeadlk_normal_slow, edeadlk_no_unlock, edeadlk_no_unlock_slow,
 * edeadlk_acquire_more, edeadlk_acquire_more_slow, edeadlk_acquire_more_edeadlk, edeadlk_acquire_more_edeadlk_slow,
 * edeadlk_acquire_wrong, edeadlk_acquire_wrong_slow, spin_nest_unlocked, spin_nest_lock, the block/try/context
 * matrix, spin_block, spin_try, spin_context).
 */
#include <lockstep/kernel.h>

/* dotest() ends every test with reset_locks(), which wipes lockdep's state, so a test may return with its context
 * or locks still held. A model is one run and would report that ("lock held when returning to user space"), so a
 * SUCCESS test that leaves something held releases it here, after the test body: nothing the test checks. */
#define RESET_LOCKS(releases) do { releases; } while (0)

static DEFINE_WD_CLASS(ww_lockdep);
static struct ww_mutex o, o2, o3;
static struct ww_acquire_ctx t, t2;
static DEFINE_SPINLOCK(lock_A);
static spinlock_t lock_X1, lock_Y1, lock_Y2;

/* init_shared_classes(): Y1 and Y2 share a class. */
static void init_class_X(spinlock_t *lock) { spin_lock_init(lock); }
static void init_class_Y(spinlock_t *lock) { spin_lock_init(lock); }

#define WWAI(x) ww_acquire_init(x, &ww_lockdep)
#define WWAD(x) ww_acquire_done(x)
#define WWAF(x) ww_acquire_fini(x)
#define WWL(x, c) ww_mutex_lock(x, c)
#define WWL1(x) ww_mutex_lock(x, NULL)
#define WWT(x) ww_mutex_trylock(x, NULL)
#define WWU(x) ww_mutex_unlock(x)
#define ww_mutex_base_lock(b) mutex_lock(b)
#define ww_mutex_base_trylock(b) mutex_trylock(b)
#define ww_mutex_base_lock_nest_lock(b, b2) mutex_lock_nest_lock(b, b2)
#define ww_mutex_base_lock_interruptible(b) mutex_lock_interruptible(b)
#define ww_mutex_base_lock_killable(b) mutex_lock_killable(b)
#define ww_mutex_base_unlock(b) mutex_unlock(b)

/* The EDEADLK tests' set-up: o2 (and o3) held by this task under an older context t2 that lockdep does not see. */
#define HOLD_FOR_T2(x) do { ww_mutex_base_lock(&(x).base); mutex_release(&(x).base, _THIS_IP_); (x).ctx = &t2; } while (0)
#define T2_OLDER_THAN_T() do { WWAI(&t); t2 = t; t2.stamp--; } while (0)
/* ... and after the -EDEADLK, o2 given back as the kernel's tests do it. */
#define DROP_O2() do { o2.ctx = NULL; mutex_acquire(&o2.base, 0, 1, _THIS_IP_); ww_mutex_base_unlock(&o2.base); } while (0)

#define L(x) spin_lock(&lock_##x)
#define U(x) spin_unlock(&lock_##x)

int main(void)
{
	int ret;

	ww_mutex_init(&o, &ww_lockdep);
	ww_mutex_init(&o2, &ww_lockdep);
	ww_mutex_init(&o3, &ww_lockdep);
	init_class_X(&lock_X1);
	init_class_Y(&lock_Y1);
	init_class_Y(&lock_Y2);
#if defined(fail_acquire)
	WWAI(&t);
	t.stamp++;
	ret = WWL(&o, &t);
	if (WARN_ON(!o.ctx) || WARN_ON(ret))
		return 0;
	/* No lockdep test, pure API */
	ret = WWL(&o, &t);
	WARN_ON(ret != -EALREADY);
	ret = WWT(&o);
	WARN_ON(ret);
	t2 = t;
	t2.stamp++;
	ret = WWL(&o, &t2);
	WARN_ON(ret != -EDEADLK);
	WWU(&o);
	if (WWT(&o))
		WWU(&o);
	else
		WARN_ON(1); /* DEBUG_LOCKS_WARN_ON(1) under CONFIG_DEBUG_LOCK_ALLOC */
	RESET_LOCKS(WWAF(&t));
#elif defined(normal)
	/* None of the ww_mutex code paths may run in the plain mutex calls: o.ctx stays as set. */
	WWAI(&t);
	o.ctx = (void *)~0UL;
	ww_mutex_base_lock(&o.base);
	ww_mutex_base_unlock(&o.base);
	WARN_ON(o.ctx != (void *)~0UL);
	o.ctx = (void *)~0UL;
	ret = ww_mutex_base_lock_interruptible(&o.base);
	if (!ret)
		ww_mutex_base_unlock(&o.base);
	else
		WARN_ON(1);
	WARN_ON(o.ctx != (void *)~0UL);
	o.ctx = (void *)~0UL;
	ret = ww_mutex_base_lock_killable(&o.base);
	if (!ret)
		ww_mutex_base_unlock(&o.base);
	else
		WARN_ON(1);
	WARN_ON(o.ctx != (void *)~0UL);
	o.ctx = (void *)~0UL;
	ret = ww_mutex_base_trylock(&o.base);
	WARN_ON(!ret);
	if (ret)
		ww_mutex_base_unlock(&o.base);
	else
		WARN_ON(1);
	WARN_ON(o.ctx != (void *)~0UL);
	o.ctx = (void *)~0UL;
	ww_mutex_base_lock(&o.base);
	ret = ww_mutex_base_trylock(&o.base);
	WARN_ON(ret);
	ww_mutex_base_unlock(&o.base);
	WARN_ON(o.ctx != (void *)~0UL);
	o.ctx = (void *)~0UL;
	ww_mutex_base_lock_nest_lock(&o.base, &t);
	ww_mutex_base_unlock(&o.base);
	WARN_ON(o.ctx != (void *)~0UL);
	RESET_LOCKS(WWAF(&t));
#elif defined(diff_class)
	WWAI(&t);
#ifdef DEBUG_WW_MUTEXES
	t.ww_class = NULL;
#endif
	WWL(&o, &t);
#elif defined(object_lock_unbalanced)
	WWAI(&t);
	WWL(&o, &t);
	t.acquired = 0;
	WWU(&o);
	WWAF(&t);
#elif defined(object_lock_stale_context)
	WWAI(&t);
	o.ctx = &t2;
	WWL(&o, &t);
#elif defined(edeadlk_normal) || defined(edeadlk_normal_slow)
	HOLD_FOR_T2(o2);
	T2_OLDER_THAN_T();
	ret = WWL(&o, &t);
	WARN_ON(ret);
	ret = WWL(&o2, &t);
	WARN_ON(ret != -EDEADLK);
	DROP_O2();
	WWU(&o);
#if defined(edeadlk_normal)
	WWL(&o2, &t);
#else
	ww_mutex_lock_slow(&o2, &t);
#endif
	RESET_LOCKS(WWU(&o2); WWAF(&t));
#elif defined(edeadlk_no_unlock) || defined(edeadlk_no_unlock_slow)
	HOLD_FOR_T2(o2);
	T2_OLDER_THAN_T();
	ret = WWL(&o, &t);
	WARN_ON(ret);
	ret = WWL(&o2, &t);
	WARN_ON(ret != -EDEADLK);
	DROP_O2();
#if defined(edeadlk_no_unlock)
	WWL(&o2, &t);
#else
	ww_mutex_lock_slow(&o2, &t);
#endif
#elif defined(edeadlk_acquire_more) || defined(edeadlk_acquire_more_slow)
	HOLD_FOR_T2(o2);
	T2_OLDER_THAN_T();
	ret = WWL(&o, &t);
	WARN_ON(ret);
	ret = WWL(&o2, &t);
	WARN_ON(ret != -EDEADLK);
#if defined(edeadlk_acquire_more)
	ret = WWL(&o3, &t);
#else
	ww_mutex_lock_slow(&o3, &t);
#endif
#elif defined(edeadlk_acquire_more_edeadlk) || defined(edeadlk_acquire_more_edeadlk_slow)
	HOLD_FOR_T2(o2);
	HOLD_FOR_T2(o3);
	T2_OLDER_THAN_T();
	ret = WWL(&o, &t);
	WARN_ON(ret);
	ret = WWL(&o2, &t);
	WARN_ON(ret != -EDEADLK);
#if defined(edeadlk_acquire_more_edeadlk)
	ret = WWL(&o3, &t);
	WARN_ON(ret != -EDEADLK);
#else
	ww_mutex_lock_slow(&o3, &t);
#endif
#elif defined(edeadlk_acquire_wrong) || defined(edeadlk_acquire_wrong_slow)
	HOLD_FOR_T2(o2);
	T2_OLDER_THAN_T();
	ret = WWL(&o, &t);
	WARN_ON(ret);
	ret = WWL(&o2, &t);
	WARN_ON(ret != -EDEADLK);
	if (!ret)
		WWU(&o2);
	WWU(&o);
#if defined(edeadlk_acquire_wrong)
	ret = WWL(&o3, &t);
#else
	ww_mutex_lock_slow(&o3, &t);
#endif
#elif defined(context_done_twice)
	WWAI(&t);
	WWAD(&t);
	WWAD(&t);
	WWAF(&t);
#elif defined(context_unlock_twice)
	WWAI(&t);
	WWAD(&t);
	WWAF(&t);
	WWAF(&t);
#elif defined(context_fini_early)
	WWAI(&t);
	WWL(&o, &t);
	WWAD(&t);
	WWAF(&t);
#elif defined(context_lock_after_done)
	WWAI(&t);
	WWAD(&t);
	WWL(&o, &t);
#elif defined(unneeded_slow)
	WWAI(&t);
	ww_mutex_lock_slow(&o, &t);
#elif defined(object_unlock_twice)
	WWL1(&o);
	WWU(&o);
	WWU(&o);
#elif defined(two_contexts)
	WWAI(&t);
	WWAI(&t2);
#elif defined(block_block)
	WWL1(&o);
	WWL1(&o2);
#elif defined(block_try)
	WWL1(&o);
	ret = WWT(&o2);
	WARN_ON(!ret);
	RESET_LOCKS(WWU(&o2); WWU(&o));
#elif defined(try_try)
	ret = WWT(&o);
	WARN_ON(!ret);
	ret = WWT(&o2);
	WARN_ON(!ret);
	WWU(&o2);
	WWU(&o);
#elif defined(context_try)
	WWAI(&t);
	ret = WWL(&o, &t);
	WARN_ON(ret);
	ret = WWT(&o2);
	WARN_ON(!ret);
	WWU(&o2);
	WWU(&o);
	RESET_LOCKS(WWAF(&t));
#elif defined(context_context)
	WWAI(&t);
	ret = WWL(&o, &t);
	WARN_ON(ret);
	ret = WWL(&o2, &t);
	WARN_ON(ret);
	WWU(&o2);
	WWU(&o);
	RESET_LOCKS(WWAF(&t));
#elif defined(context_block)
	WWAI(&t);
	ret = WWL(&o, &t);
	WARN_ON(ret);
	WWL1(&o2);
#elif defined(try_block)
	ret = WWT(&o);
	WARN_ON(!ret);
	WWL1(&o2);
	WWU(&o2);
	WWU(&o);
#elif defined(try_context)
	ret = WWT(&o);
	WARN_ON(!ret);
	WWAI(&t);
	ret = WWL(&o2, &t);
	WARN_ON(ret);
#elif defined(block_context)
	WWL1(&o);
	WWAI(&t);
	ret = WWL(&o2, &t);
	WARN_ON(ret);
#elif defined(spin_block)
	L(A);
	U(A);
	WWL1(&o);
	L(A);
	U(A);
	WWU(&o);
	L(A);
	WWL1(&o);
	WWU(&o);
	U(A);
#elif defined(spin_try)
	L(A);
	U(A);
	ret = WWT(&o);
	WARN_ON(!ret);
	L(A);
	U(A);
	WWU(&o);
	L(A);
	ret = WWT(&o);
	WARN_ON(!ret);
	WWU(&o);
	U(A);
#elif defined(spin_context)
	L(A);
	U(A);
	WWAI(&t);
	ret = WWL(&o, &t);
	WARN_ON(ret);
	L(A);
	U(A);
	WWU(&o);
	L(A);
	ret = WWL(&o, &t);
	WARN_ON(ret);
	WWU(&o);
	U(A);
	RESET_LOCKS(WWAF(&t));
#elif defined(spin_nest_unlocked)
	/* lockdep: "WARNING: Nested lock was not taken" — o.base is the nest lock and nobody holds it. */
	spin_lock_nest_lock(&lock_A, &o.base);
	U(A);
#elif defined(spin_nest_lock)
	/* Not a deadlock: X1 serialises Y1 and Y2. */
	spin_lock(&lock_X1);
	spin_lock_nest_lock(&lock_Y1, &lock_X1);
	spin_lock(&lock_A);
	spin_lock_nest_lock(&lock_Y2, &lock_X1);
	spin_unlock(&lock_A);
	spin_unlock(&lock_Y2);
	spin_unlock(&lock_Y1);
	spin_unlock(&lock_X1);
#else
#error "choose a ww_test"
#endif
	return 0;
}
