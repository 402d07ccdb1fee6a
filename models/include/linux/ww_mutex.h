/* linux/ww_mutex.h — wound/wait mutexes (kernel/locking/ww_mutex.h, mutex.c, v6.19; see
 * Documentation/locking/ww-mutex-design.rst), with DEBUG_WW_MUTEXES' checks (bug kind ww-misuse). An acquire
 * context (ww_acquire_init) gets a stamp from its class; ww_mutex_lock(lock, ctx) returns -EDEADLK to the context
 * that must back off — under wait-die (DEFINE_WD_CLASS) the younger one when it would wait for an older holder,
 * under wound-wait (DEFINE_WW_CLASS) a holder an older waiter wounded, at its next wait — but never to a context
 * holding nothing. The loser unlocks everything, takes the contended lock with ww_mutex_lock_slow() and retries.
 * -EALREADY when the context already holds the lock. Lockdep sees the class's mutexes as one class nested under the
 * context's map "<class>_acquire", so holding several is fine and two contexts of one class in a task are not. */
#pragma once
#include <linux/mutex.h>
#include <linux/atomic.h>

/* include/linux/ww_mutex.h defines it with CONFIG_DEBUG_MUTEXES, which Lockstep's checks assume. */
#define DEBUG_WW_MUTEXES

struct ww_class {
	atomic_long_t stamp;
	struct lock_class_key acquire_key;
	struct lock_class_key mutex_key;
	const char *acquire_name;
	const char *mutex_name;
	long is_wait_die;
};

struct ww_acquire_ctx {
	struct lockdep_map dep_map;
	long stamp;
	long acquired;
	long wounded;
	struct ww_class *ww_class;
	long done_acquire;
	struct ww_mutex *contending_lock;
};

struct ww_mutex {
	struct mutex base;
	struct ww_acquire_ctx *ctx;
	struct ww_class *ww_class;
};

#define DEFINE_WW_CLASS(classname) \
	struct ww_class classname = { .acquire_name = #classname "_acquire", .mutex_name = #classname "_mutex", .is_wait_die = 0 }
#define DEFINE_WD_CLASS(classname) \
	struct ww_class classname = { .acquire_name = #classname "_acquire", .mutex_name = #classname "_mutex", .is_wait_die = 1 }

int __ww_mutex_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx, int slow);
void __lockstep_ww_warn(const char *check);

static void ww_mutex_init(struct ww_mutex *lock, struct ww_class *ww_class)
{
	__mutex_init(&lock->base, ww_class->mutex_name);
	__lockdep_set_class(&lock->base, &ww_class->mutex_key, ww_class->mutex_name);
	lock->ctx = NULL;
	lock->ww_class = ww_class;
}

static void ww_acquire_init(struct ww_acquire_ctx *ctx, struct ww_class *ww_class)
{
	ctx->stamp = atomic_long_inc_return(&ww_class->stamp);
	ctx->acquired = 0;
	ctx->wounded = 0;
	ctx->ww_class = ww_class;
	ctx->done_acquire = 0;
	ctx->contending_lock = NULL;
	__lockdep_set_class(&ctx->dep_map, &ww_class->acquire_key, ww_class->acquire_name);
	lock_map_acquire(&ctx->dep_map);
}

/* ww_acquire_done(): no more locks will be taken in this context. */
static void ww_acquire_done(struct ww_acquire_ctx *ctx)
{
	if (ctx->done_acquire)
		__lockstep_ww_warn("ctx->done_acquire");
	ctx->done_acquire = 1;
}

/* ww_acquire_fini(): the context ends; every lock must have been released. */
static void ww_acquire_fini(struct ww_acquire_ctx *ctx)
{
	lock_map_release(&ctx->dep_map);
	if (ctx->acquired)
		__lockstep_ww_warn("ctx->acquired");
}

#define ww_mutex_lock(lock, ctx) __ww_mutex_lock((lock), (ctx), 0)
#define ww_mutex_lock_interruptible(lock, ctx) __ww_mutex_lock((lock), (ctx), 0)
#define ww_mutex_lock_slow(lock, ctx) ((void)__ww_mutex_lock((lock), (ctx), 1))
#define ww_mutex_lock_slow_interruptible(lock, ctx) __ww_mutex_lock((lock), (ctx), 1)

static int ww_mutex_trylock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	if (!mutex_trylock(&lock->base))
		return 0;
	if (ctx) {
		ctx->acquired++;
		lock->ctx = ctx;
	}
	return 1;
}

/* __ww_mutex_unlock() (with DEBUG_WW_MUTEXES' check of the context's count) then mutex_unlock(). */
static void ww_mutex_unlock(struct ww_mutex *lock)
{
	struct ww_acquire_ctx *ctx = lock->ctx;

	if (ctx) {
		if (!ctx->acquired)
			__lockstep_ww_warn("!lock->ctx->acquired");
		if (ctx->acquired > 0)
			ctx->acquired--;
		lock->ctx = NULL;
	}
	mutex_unlock(&lock->base);
}

#define ww_mutex_is_locked(lock) ((lock)->base.__owner != 0)
