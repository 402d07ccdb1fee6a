/* linux/mutex.h — sleeping mutual exclusion; mutex_lock() may sleep (checked by __might_resched). */
#pragma once
#include <linux/lockdep.h>

struct mutex { long __owner; long __count; long __waiters; const char *__name; long __key; };

#define DEFINE_MUTEX(x) struct mutex x = { .__name = #x }
void __mutex_init(struct mutex *lock, const char *name);
#define mutex_init(lock) __mutex_init((lock), #lock)

void mutex_lock(struct mutex *lock);
int mutex_lock_interruptible(struct mutex *lock);
int mutex_lock_killable(struct mutex *lock);
void mutex_lock_nested(struct mutex *lock, int subclass);
void mutex_lock_nest_lock(struct mutex *lock, void *nest_lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
