/* linux/kref.h — kref, a refcount_t with a release function (include/linux/kref.h, v6.19): kref_init() sets 1,
 * kref_get() takes a reference (from 0 it warns "addition on 0; use-after-free."), kref_put() drops one and calls
 * release() when it was the last, kref_get_unless_zero() takes one only while the count is not 0 (the lookup under
 * a lock or RCU that races with the last put). */
#pragma once
#include <linux/refcount.h>

struct kref { refcount_t refcount; };
#define KREF_INIT(n) { .refcount = REFCOUNT_INIT(n) }

static void kref_init(struct kref *kref)
{
	refcount_set(&kref->refcount, 1);
}

static unsigned int kref_read(const struct kref *kref)
{
	return refcount_read(&kref->refcount);
}

static void kref_get(struct kref *kref)
{
	refcount_inc(&kref->refcount);
}

static int kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	if (refcount_dec_and_test(&kref->refcount)) {
		release(kref);
		return 1;
	}
	return 0;
}

static int kref_put_mutex(struct kref *kref, void (*release)(struct kref *kref), struct mutex *mutex)
{
	if (refcount_dec_and_mutex_lock(&kref->refcount, mutex)) {
		release(kref);
		return 1;
	}
	return 0;
}

static int kref_put_lock(struct kref *kref, void (*release)(struct kref *kref), spinlock_t *lock)
{
	if (refcount_dec_and_lock(&kref->refcount, lock)) {
		release(kref);
		return 1;
	}
	return 0;
}

static int kref_get_unless_zero(struct kref *kref)
{
	return refcount_inc_not_zero(&kref->refcount);
}
