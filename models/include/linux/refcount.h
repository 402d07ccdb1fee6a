/* linux/refcount.h — refcount_t, a reference count that warns instead of wrapping (lib/refcount.c, v6.19): a get
 * from 0 ("refcount_t: addition on 0; use-after-free."), a put below 0 ("refcount_t: underflow; use-after-free."),
 * a refcount_dec() that drops the last reference ("decrement hit 0; leaking memory.") and an overflow are reported
 * as the kernel's WARNING from refcount_warn_saturate() (bug kind refcount). Each operation is one indivisible step. */
#pragma once
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

typedef struct refcount_struct { atomic_t refs; } refcount_t;
#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }

void refcount_set(refcount_t *r, int n);
unsigned int refcount_read(const refcount_t *r);
void refcount_inc(refcount_t *r);
void refcount_add(int i, refcount_t *r);
bool refcount_inc_not_zero(refcount_t *r);
bool refcount_add_not_zero(int i, refcount_t *r);
bool refcount_dec_and_test(refcount_t *r);
bool refcount_sub_and_test(int i, refcount_t *r);
void refcount_dec(refcount_t *r);
bool refcount_dec_if_one(refcount_t *r);
bool refcount_dec_not_one(refcount_t *r);

/* lib/refcount.c: refcount_dec_and_mutex_lock()/refcount_dec_and_lock(): drop a reference; if it was the last,
 * return true with the lock held (taken before the final decrement, so a lookup under the lock cannot revive it). */
static bool refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	mutex_lock(lock);
	if (!refcount_dec_and_test(r)) {
		mutex_unlock(lock);
		return false;
	}
	return true;
}

static bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	spin_lock(lock);
	if (!refcount_dec_and_test(r)) {
		spin_unlock(lock);
		return false;
	}
	return true;
}
