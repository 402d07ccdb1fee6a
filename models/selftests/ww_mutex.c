/*
 * lib/locking-selftest.c, ww_tests(): the wound/wait mutex API checks (DEBUG_WW_MUTEXES and lockdep), with the
 * self-test's shorthands WWAI = ww_acquire_init(&t, &ww_lockdep), WWAD = ww_acquire_done, WWAF = ww_acquire_fini,
 * WWL = ww_mutex_lock, WWL1(o) = ww_mutex_lock(o, NULL), WWT(o) = ww_mutex_trylock(o, NULL), WWU = ww_mutex_unlock.
 * The instances are the ww_test_<name> functions; cases.tsv gives each the kernel's SUCCESS or FAILURE. spin_block
 * and spin_context take a ww_mutex under a spinlock_t: the kernel's self-test runs at boot, before __might_sleep()
 * checks anything, so its FAILURE is lockdep's circular A -> o -> A; a model runs as a task, where
 * __might_sleep()'s report comes first (as in wait_context.c).
 * Not modelled here: the ww_test_edeadlk_* group and fail_acquire/normal/diff_class/object_lock_unbalanced/
 * object_lock_stale_context (see README.md).
 * Instances: -D <name> (context_done_twice, context_unlock_twice, context_fini_early, context_lock_after_done,
 * unneeded_slow, object_unlock_twice,
 * two_contexts, the block/try/context matrix, spin_block, spin_try, spin_context, spin_nest_unlocked, spin_nest_lock).
 */
#include <lockstep/kernel.h>

/* dotest() ends every test with reset_locks(), which wipes lockdep's state, so a test may return with its context
 * or locks still held. A model is one run and would report that ("lock held when returning to user space"), so a
 * SUCCESS test that leaves something held releases it here, after the test body: nothing the test checks. */
#define RESET_LOCKS(releases) do { releases; } while (0)

static DEFINE_WD_CLASS(ww_lockdep);
static struct ww_mutex o, o2;
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
#define L(x) spin_lock(&lock_##x)
#define U(x) spin_unlock(&lock_##x)

int main(void)
{
	int ret;

	ww_mutex_init(&o, &ww_lockdep);
	ww_mutex_init(&o2, &ww_lockdep);
	init_class_X(&lock_X1);
	init_class_Y(&lock_Y1);
	init_class_Y(&lock_Y2);
#if defined(context_done_twice)
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
