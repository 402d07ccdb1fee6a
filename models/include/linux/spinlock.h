/* linux/spinlock.h — spinlock_t, raw_spinlock_t and rwlock_t.
 * Without CONFIG_PREEMPT_RT spin_lock() disables preemption; with it, spinlock_t and rwlock_t are sleeping
 * rtmutex-based locks (rt_spin_lock: migrate_disable + rcu_read_lock), raw_spinlock_t always spins.
 * read_lock() is a recursive read for lockdep (not in task context with --config QUEUED_RWLOCKS). */
#pragma once
#include <linux/lockdep.h>

typedef struct raw_spinlock { long __owner; long __count; long __waiters; const char *__name; long __key; } raw_spinlock_t;
typedef struct spinlock { long __owner; long __count; long __waiters; const char *__name; long __key; } spinlock_t;
typedef struct { long __owner; long __count; long __waiters; const char *__name; long __key; } rwlock_t;

#define __RAW_SPIN_LOCK_UNLOCKED(x) { .__name = #x }
#define __SPIN_LOCK_UNLOCKED(x) { .__name = #x }
#define __RW_LOCK_UNLOCKED(x) { .__name = #x }
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x = { .__name = #x }
#define DEFINE_SPINLOCK(x) spinlock_t x = { .__name = #x }
#define DEFINE_RWLOCK(x) rwlock_t x = { .__name = #x }

void __spin_lock_init(spinlock_t *lock, const char *name);
void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name);
void __rwlock_init(rwlock_t *lock, const char *name);
#define spin_lock_init(lock) __spin_lock_init((lock), #lock)
#define raw_spin_lock_init(lock) __raw_spin_lock_init((lock), #lock)
#define rwlock_init(lock) __rwlock_init((lock), #lock)

void spin_lock(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
unsigned long _spin_lock_irqsave(spinlock_t *lock);
void spin_lock_bh(spinlock_t *lock);
void spin_lock_nested(spinlock_t *lock, int subclass);
void spin_lock_nest_lock(spinlock_t *lock, void *nest_lock);
int spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
void spin_unlock_bh(spinlock_t *lock);
#define spin_lock_irqsave(lock, flags) do { (flags) = _spin_lock_irqsave(lock); } while (0)

void raw_spin_lock(raw_spinlock_t *lock);
void raw_spin_lock_irq(raw_spinlock_t *lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
void raw_spin_lock_bh(raw_spinlock_t *lock);
void raw_spin_lock_nested(raw_spinlock_t *lock, int subclass);
void raw_spin_lock_nest_lock(raw_spinlock_t *lock, void *nest_lock);
int raw_spin_trylock(raw_spinlock_t *lock);
void raw_spin_unlock(raw_spinlock_t *lock);
void raw_spin_unlock_irq(raw_spinlock_t *lock);
void raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);
void raw_spin_unlock_bh(raw_spinlock_t *lock);
#define raw_spin_lock_irqsave(lock, flags) do { (flags) = _raw_spin_lock_irqsave(lock); } while (0)

void read_lock(rwlock_t *lock);
void read_lock_irq(rwlock_t *lock);
unsigned long _read_lock_irqsave(rwlock_t *lock);
void read_lock_bh(rwlock_t *lock);
int read_trylock(rwlock_t *lock);
void read_unlock(rwlock_t *lock);
void read_unlock_irq(rwlock_t *lock);
void read_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
void read_unlock_bh(rwlock_t *lock);
void write_lock(rwlock_t *lock);
void write_lock_irq(rwlock_t *lock);
unsigned long _write_lock_irqsave(rwlock_t *lock);
void write_lock_bh(rwlock_t *lock);
int write_trylock(rwlock_t *lock);
void write_unlock(rwlock_t *lock);
void write_unlock_irq(rwlock_t *lock);
void write_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
void write_unlock_bh(rwlock_t *lock);
#define read_lock_irqsave(lock, flags) do { (flags) = _read_lock_irqsave(lock); } while (0)
#define write_lock_irqsave(lock, flags) do { (flags) = _write_lock_irqsave(lock); } while (0)
