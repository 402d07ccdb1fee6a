/* linux/rtmutex.h — rt_mutex (kernel/locking/rtmutex_api.c, v6.19): a sleeping lock with priority inheritance.
 * Lockdep sees it as a mutex (wait type SLEEP); priority inheritance changes only which waiter runs first, which the
 * search explores anyway, so it is not modelled. */
#pragma once
#include <linux/lockdep.h>

struct rt_mutex { long __owner; long __count; long __waiters; const char *__name; long __key; };
#define DEFINE_RT_MUTEX(x) struct rt_mutex x = { .__name = #x }
void __rt_mutex_init(struct rt_mutex *lock, const char *name);
#define rt_mutex_init(lock) __rt_mutex_init((lock), #lock)
void rt_mutex_lock(struct rt_mutex *lock);
void rt_mutex_lock_nested(struct rt_mutex *lock, int subclass);
int rt_mutex_lock_interruptible(struct rt_mutex *lock);
int rt_mutex_lock_killable(struct rt_mutex *lock);
int rt_mutex_trylock(struct rt_mutex *lock);
void rt_mutex_unlock(struct rt_mutex *lock);
